// Benchmark: the streamed snapshot writer's memory, flat in the number of (account, region) pairs.
// REGIONS regions (spread over ACCOUNTS accounts) of POOLS pools with CLIENTS app clients each
// (default 2,000 × 20 × 5) are written as `collect` writes them: CONCURRENCY regions at a time,
// each region's pools given concurrently. Run in a fresh process per size; each prints one JSON
// line with its peak RSS. Without CHILD set, the script runs itself at a tenth of REGIONS and at
// REGIONS, and prints both: the peak should not grow with the estate.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSnapshotWriter } from "../src/snapshot/stream.js";
import type { UserPoolEntry } from "../src/snapshot/types.js";
import { generateSnapshot } from "./generate.js";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const regions = env("REGIONS", 2000);
const pools = env("POOLS", 20);
const clients = env("CLIENTS", 5);
const accounts = env("ACCOUNTS", 20);
const concurrency = env("CONCURRENCY", 64);

interface StreamBenchResult {
  regions: number;
  pools: number;
  bytes: number;
  ms: number;
  peakRssMb: number;
}

/** A fresh copy of the template pool, as a collector would build it: new objects every time. */
function poolOf(template: UserPoolEntry, account: string, region: string, p: number): UserPoolEntry {
  const entry = structuredClone(template);
  const id = `${region}_Bench${String(p).padStart(6, "0")}`;
  entry.userPool.Id = id;
  entry.userPool.Arn = `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`;
  for (const [c, client] of (entry.clients ?? []).entries()) {
    client.UserPoolId = id;
    client.ClientId = `${id}c${c}`;
  }
  return entry;
}

async function child(): Promise<StreamBenchResult> {
  const template = generateSnapshot(1, clients).accounts[0]!.regions[0]!.userPools[0]!;
  const dir = await mkdtemp(join(tmpdir(), "cognito-audit-stream-bench-"));
  try {
    const file = join(dir, "snapshot.json");
    const started = performance.now();
    const writer = createSnapshotWriter(file);
    let next = 0;
    const worker = async () => {
      for (let r = next++; r < regions; r = next++) {
        const account = { accountId: String(100000000000 + (r % accounts)), partition: "aws" };
        // Region names need only be distinct within an account.
        const region = `xx-bench-${Math.floor(r / accounts)}`;
        await Promise.all(Array.from({ length: pools }, (_, p) => writer.pool(account, region, poolOf(template, account.accountId, region, p))));
        await writer.region(account, { region, errors: [], identityPools: [], trails: [] });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const written = await writer.close({ collectedAt: new Date().toISOString(), source: "bench" });
    const ms = performance.now() - started;
    if ((await stat(file)).size !== written.bytes) throw new Error("the file's size is not the bytes close() reported");
    return { regions, pools: written.pools, bytes: written.bytes, ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the bench in a fresh process with these settings; its result. */
function runStreamBench(settings: Record<string, number>): StreamBenchResult {
  const script = fileURLToPath(import.meta.url);
  const vars = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]));
  const run = spawnSync(process.execPath, [script], { encoding: "utf8", env: { ...process.env, ...vars, CHILD: "1" } });
  if (run.status !== 0) throw new Error(`snapshot-stream bench failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as StreamBenchResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env.CHILD) console.log(JSON.stringify(await child()));
  else {
    for (const size of [Math.max(1, Math.round(regions / 10)), regions]) {
      const r = runStreamBench({ REGIONS: size, POOLS: pools, CLIENTS: clients, ACCOUNTS: accounts, CONCURRENCY: concurrency });
      console.log(`${size} regions × ${pools} pools × ${clients} clients: ${r.pools} pools, ${(r.bytes / 1e6).toFixed(1)} MB written in ${r.ms.toFixed(0)} ms, peak RSS ${r.peakRssMb} MB`);
    }
  }
}
