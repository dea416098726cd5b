// Benchmark: a generated snapshot of POOLS pools with CLIENTS app clients each (default 10,000 × 10),
// scanned in a fresh process. Goal on the 2-core CI machine: under 2 s and 500 MB.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { saveSnapshot } from "../src/snapshot/io.js";
import { generateSnapshot } from "./generate.js";

const REFERENCE = `const started = process.hrtime.bigint();
JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));`;

const pools = Number(process.env.POOLS ?? 10_000);
const clients = Number(process.env.CLIENTS ?? 10);
const runs = Number(process.env.RUNS ?? 3);
const dir = await mkdtemp(join(tmpdir(), "cognito-audit-bench-"));
try {
  const file = join(dir, "snapshot.json");
  // Written pool by pool, as collect writes it: above ~28,000 pools one string of it would be over V8's limit.
  const writing = performance.now();
  await saveSnapshot(generateSnapshot(pools, clients), file);
  const size = (await stat(file)).size;
  console.log(`snapshot: ${pools} pools × ${clients} clients, ${(size / 1e6).toFixed(1)} MB (generated and written in ${(performance.now() - writing).toFixed(0)} ms)`);
  // The reference: reading and parsing the same file, nothing else, in a fresh process. A scan cannot
  // be much cheaper than this; the ratio says how far from it the scan is on this machine today.
  const reference = spawnSync(process.execPath, ["-e", REFERENCE, file], { encoding: "utf8" });
  // Past V8's longest string (about 512 MB) the file cannot be read as one string at all: no reference then.
  const tooLong = reference.status !== 0 && reference.stderr.includes("ERR_STRING_TOO_LONG");
  if (reference.status !== 0 && !tooLong) throw new Error(reference.stderr);
  const ref = tooLong ? undefined : (JSON.parse(reference.stdout) as { ms: number; peakRssMb: number });
  console.log(ref ? `reference (read + JSON.parse alone): ${ref.ms.toFixed(0)} ms, peak RSS ${ref.peakRssMb} MB` : "reference: none (the file is longer than the longest string V8 can hold, so JSON.parse cannot read it)");
  const script = join(dirname(fileURLToPath(import.meta.url)), "scan-once.js");
  for (let i = 1; i <= runs; i++) {
    const run = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    const r = JSON.parse(run.stdout) as Record<string, number>;
    console.log(
      `run ${i}: ${r.totalMs!.toFixed(0)} ms (load+validate ${r.loadMs!.toFixed(0)}, rules ${r.rulesMs!.toFixed(0)}, report ${r.reportMs!.toFixed(0)}), ` +
        `CPU ${r.cpuMs!.toFixed(0)} ms, peak RSS ${r.peakRssMb} MB, ${r.findings} results, report ${(r.reportBytes! / 1e6).toFixed(1)} MB; ` +
        (ref ? `×${(r.totalMs! / ref.ms).toFixed(1)} the reference's time, ×${(r.peakRssMb! / ref.peakRssMb).toFixed(1)} its memory` : "no reference"),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
