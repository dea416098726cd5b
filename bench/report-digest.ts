// Correctness guard for performance work: the JSON report of a generated snapshot (written to a file
// and loaded, as a scan does), as a SHA-256 digest. Run it with the code before and after a change:
// the digests must be equal. `node dist/bench/report-digest.js [POOLS] [CLIENTS] [OUT]` writes the
// report to OUT as well, to compare the two byte by byte when they differ.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULES } from "../rules/index.js";
import { scanSnapshot } from "../src/pipeline.js";
import { renderJson } from "../src/report/json.js";
import { loadSnapshot, saveSnapshot } from "../src/snapshot/io.js";
import { generateSnapshot } from "./generate.js";

const pools = Number(process.argv[2] ?? 200);
const clients = Number(process.argv[3] ?? 10);
const out = process.argv[4];
const dir = await mkdtemp(join(tmpdir(), "cognito-audit-digest-"));
try {
  const file = join(dir, "snapshot.json");
  await saveSnapshot(generateSnapshot(pools, clients), file);
  const { report } = await scanSnapshot({
    snapshot: await loadSnapshot(file),
    events: { kind: "unavailable", reason: "not part of this check" },
    rules: RULES,
    config: {},
    now: new Date("2026-11-26T12:00:00Z"),
    gate: { failOn: "high" },
  });
  const json = renderJson(report);
  if (out) await writeFile(out, json);
  console.log(`${createHash("sha256").update(json).digest("hex")} ${json.length} chars, ${report.findings.length} findings`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
