// Benchmark: a generated snapshot of POOLS pools with CLIENTS app clients each (default 10,000 × 10),
// scanned in a fresh process. Goal on the 2-core CI machine: under 2 s and 500 MB.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { saveSnapshot } from "../src/snapshot/io.js";
import { generateSnapshot } from "./generate.js";

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
  const script = join(dirname(fileURLToPath(import.meta.url)), "scan-once.js");
  for (let i = 1; i <= runs; i++) {
    const run = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    const r = JSON.parse(run.stdout) as Record<string, number>;
    console.log(
      `run ${i}: ${r.totalMs!.toFixed(0)} ms (load+validate ${r.loadMs!.toFixed(0)}, rules ${r.rulesMs!.toFixed(0)}, report ${r.reportMs!.toFixed(0)}), ` +
        `peak RSS ${r.peakRssMb} MB, ${r.findings} findings, report ${(r.reportBytes! / 1e6).toFixed(1)} MB`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
