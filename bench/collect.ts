// Benchmark: `cognito-audit collect --accounts all` of an organization served by the project's fake
// AWS endpoint (ACCOUNTS × REGIONS × POOLS pools × CLIENTS clients, Cognito's read quotas enforced per
// account and region, LATENCY_MS per answer), once without faults and once at FAULTS injected faults.
// Prints the wall time, the quota lower bound and their ratio, throttles, resources lost and peak RSS.
//
// The quota lower bound of one (account, region): for each quota category, the calls the fault-free
// run made in it divided by the category's rate; the largest of these. The run's bound is the largest
// over its pairs (they run in parallel). No collector can be faster without exceeding a quota.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findReadOperation } from "../src/aws/operations.js";
import { loadSnapshot } from "../src/snapshot/io.js";
import type { Snapshot } from "../src/snapshot/types.js";
import { startFakeAws, type FakeAwsStats } from "./fake-aws/server.js";
import type { Service } from "./fake-aws/protocol.js";

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 3);
const REGIONS = (process.env.REGIONS ?? "eu-west-1,us-east-1,ap-southeast-2").split(",");
const POOLS = Number(process.env.POOLS ?? 30);
const CLIENTS = Number(process.env.CLIENTS ?? 5);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 20);
const FAULTS = Number(process.env.FAULTS ?? 0.2);
/** LookupEvents (2 per second) would otherwise be the bound: 20 events a pool by default. */
const EVENTS = Number(process.env.EVENTS ?? 50);

const cli = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli", "main.js")).href;
const ROLE = "CognitoAuditRole";

/** Per (account, region): the largest calls / rate over the quota categories, and which category that is. */
function lowerBounds(stats: FakeAwsStats): Map<string, { seconds: number; category: string }> {
  const bounds = new Map<string, { seconds: number; category: string }>();
  for (const [pair, { byOperation }] of Object.entries(stats.byAccountRegion)) {
    const perCategory = new Map<string, { calls: number; rps: number }>();
    for (const [name, calls] of Object.entries(byOperation)) {
      const [service, operation] = name.split(":") as [Service, string];
      const quota = findReadOperation(service, operation)?.quota;
      if (!quota) continue;
      const entry = perCategory.get(quota.name) ?? { calls: 0, rps: quota.rps };
      entry.calls += calls;
      perCategory.set(quota.name, entry);
    }
    let best = { seconds: 0, category: "-" };
    for (const [category, { calls, rps }] of perCategory) if (calls / rps > best.seconds) best = { seconds: calls / rps, category };
    bounds.set(pair, best);
  }
  return bounds;
}

/** The snapshot's collection errors as "Operation Code ×n". */
function errorKinds(snapshot: Snapshot): string {
  const kinds = new Map<string, number>();
  const add = (errors: readonly { operation: string; code: string }[] | undefined) => {
    for (const e of errors ?? []) kinds.set(`${e.operation} ${e.code}`, (kinds.get(`${e.operation} ${e.code}`) ?? 0) + 1);
  };
  for (const account of snapshot.accounts) {
    add(account.errors);
    for (const region of account.regions) {
      add(region.errors);
      for (const pool of region.userPools) add(pool.errors);
    }
  }
  return [...kinds].map(([kind, n]) => `${kind} ×${n}`).join(", ") || "none";
}

/** Resources in the snapshot, by kind, summed over the estate. */
function held(snapshot: Snapshot): Record<string, number> {
  const count: Record<string, number> = { userPools: 0, appClients: 0, identityProviders: 0, resourceServers: 0, groups: 0, identityPools: 0, trails: 0, events: 0, errors: 0 };
  for (const account of snapshot.accounts) {
    count.errors! += account.errors?.length ?? 0;
    for (const region of account.regions) {
      count.identityPools! += region.identityPools?.length ?? 0;
      count.trails! += region.trails?.length ?? 0;
      count.events! += region.cloudTrailEvents?.events.length ?? 0;
      count.errors! += region.errors.length;
      for (const pool of region.userPools) {
        count.userPools!++;
        count.appClients! += pool.clients?.length ?? 0;
        count.identityProviders! += pool.identityProviders?.length ?? 0;
        count.resourceServers! += pool.resourceServers?.length ?? 0;
        count.groups! += pool.groups?.length ?? 0;
        count.errors! += pool.errors.length;
      }
    }
  }
  return count;
}

/** What the estates hold, by the same kinds. */
function expected(stats: FakeAwsStats): Record<string, number> {
  const count: Record<string, number> = {};
  const kinds: Record<string, string> = { userPools: "userPools", appClients: "appClients", identityProviders: "identityProviders", resourceServers: "resourceServers", groups: "groups", identityPools: "identityPools", trails: "trails", events: "events" };
  for (const resources of Object.values(stats.expected)) {
    for (const [kind, key] of Object.entries(kinds)) count[kind] = (count[kind] ?? 0) + Number((resources as unknown as Record<string, number>)[key] ?? 0);
  }
  return count;
}

async function run(faults: number, dir: string): Promise<{ stats: FakeAwsStats; snapshot: Snapshot; wallMs: number; peakRssMb: number }> {
  const fake = await startFakeAws({
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => String(111111111111 * (i + 1)).slice(0, 12)),
    regions: REGIONS,
    pools: POOLS,
    clientsPerPool: CLIENTS,
    events: EVENTS,
    eventsEnd: new Date(),
    quotas: true,
    latencyMs: LATENCY_MS,
    faults,
    seed: 11,
    roleName: ROLE,
  });
  try {
    const output = join(dir, `snapshot-${faults}.json`);
    const started = performance.now();
    // A subprocess: the fake endpoint's own work is not counted in the collector's time or memory.
    const args = ["collect", "--accounts", "all", "--role-name", ROLE, "--region", REGIONS.join(","), "--endpoint-url", fake.endpoint];
    args.push("--cloudtrail", "lookup", "--since", "24h", "--quiet", "--output", output);
    const script = `const { run } = await import(${JSON.stringify(cli)});
process.exitCode = await run(["node", "cognito-audit", ...JSON.parse(process.env.BENCH_ARGS)]);
process.stderr.write("\\nRSS " + Math.round(process.resourceUsage().maxRSS / 1024) + "\\n");`;
    // Not spawnSync: the fake endpoint answers from this process's event loop.
    const child = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const proc = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, BENCH_ARGS: JSON.stringify(args), AWS_ACCESS_KEY_ID: "AKIABENCHMARK", AWS_SECRET_ACCESS_KEY: "benchmark", AWS_REGION: REGIONS[0] },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      proc.on("error", reject);
      proc.on("close", (status) => resolve({ status, stderr }));
    });
    const wallMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`collect exited ${child.status}: ${child.stderr}`);
    const peakRssMb = Number(/RSS (\d+)/.exec(child.stderr)?.[1] ?? NaN);
    return { stats: fake.stats, snapshot: await loadSnapshot(output), wallMs, peakRssMb };
  } finally {
    await fake.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), "cognito-audit-bench-collect-"));
try {
  console.log(`estate: ${ACCOUNTS} accounts × ${REGIONS.length} regions × ${POOLS} pools × ${CLIENTS} clients, ${LATENCY_MS} ms per answer, quotas enforced`);
  const clean = await run(0, dir);
  const bounds = lowerBounds(clean.stats);
  const [pair, bound] = [...bounds].sort((a, b) => b[1].seconds - a[1].seconds)[0]!;
  const want = expected(clean.stats);
  console.log(`quota lower bound: ${bound.seconds.toFixed(1)} s (${bound.category} of ${pair}; every pair: ${[...bounds.values()].map((b) => b.seconds.toFixed(1)).join(", ")} s)`);
  for (const [label, result] of [["no faults", clean], [`${Math.round(FAULTS * 100)} % faults`, FAULTS > 0 ? await run(FAULTS, dir) : undefined]] as const) {
    if (!result) continue;
    const got = held(result.snapshot);
    const lost = Object.entries(want).filter(([kind, n]) => (got[kind] ?? 0) < n).map(([kind, n]) => `${kind} ${n - (got[kind] ?? 0)}`);
    const quotaThrottles = Object.values(result.stats.quotaThrottles).reduce((a, b) => a + b, 0);
    console.log(
      `${label}: ${(result.wallMs / 1000).toFixed(1)} s, ×${(result.wallMs / 1000 / bound.seconds).toFixed(2)} the quota lower bound; ` +
        `${result.stats.requests} requests, ${quotaThrottles} quota throttles, ${result.stats.faults.throttle} injected throttles, ` +
        `${Object.values(result.stats.faults).reduce((a, b) => a + b, 0)} injected faults; resources lost: ${lost.length ? lost.join(", ") : "0"}; ` +
        `collection errors: ${errorKinds(result.snapshot)}; peak RSS ${result.peakRssMb} MB`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
