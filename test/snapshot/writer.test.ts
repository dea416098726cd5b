// The streamed snapshot writer (collect): pools spooled as they come, in any order, concurrently;
// one file at close, in the compact layout, that reads back exactly as the pretty one does.
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { loadSnapshot, serializeSnapshot, snapshotPools } from "../../src/snapshot/io.js";
import { accountKey, resourceLineReader } from "../../src/snapshot/locate.js";
import { createSnapshotWriter, type SnapshotAccount, type SnapshotWriter } from "../../src/snapshot/stream.js";
import { snapshotChunks } from "../../src/snapshot/write.js";
import type { AccountEntry, RegionEntry, Snapshot, UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, identityPool, poolEntry, trail, userPool } from "../helpers/factories.js";

const root = await mkdtemp(join(tmpdir(), "ca-writer-"));
let dirs = 0;
const freshDir = async () => {
  const dir = join(root, `d${++dirs}`);
  await mkdir(dir);
  return dir;
};

const HEADER = { collectedAt: "2026-12-03T09:00:00.000Z", source: "test" };

const pool = (accountId: string, region: string, id: string, extra: Partial<UserPoolEntry> = {}) => {
  const poolId = `${region}_${id}`;
  return poolEntry({ userPool: userPool({ Id: poolId, Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${poolId}` }), clients: [appClient({ UserPoolId: poolId, ClientId: `${id}client` })], ...extra });
};

interface Calls {
  pools: { account: SnapshotAccount; region: string; entry: UserPoolEntry }[];
  regions: { account: SnapshotAccount; entry: Omit<RegionEntry, "userPools"> }[];
  accounts: Omit<AccountEntry, "regions">[];
}

/** Three accounts (one reached only by account(), with no regions), a region without pools, strings that need escaping, ids not in order. */
function estateCalls(): Calls {
  const a = { accountId: "222222222222", partition: "aws" };
  const b = { accountId: "111111111111", partition: "aws" };
  const nasty = 'line\nbreak\ttab "quote" \\ \u2028 \u{1F600} \u001b[31m';
  return {
    pools: [
      { account: a, region: "us-east-1", entry: pool(a.accountId, "us-east-1", "Zulu") },
      { account: a, region: "us-east-1", entry: pool(a.accountId, "us-east-1", "Alpha") },
      { account: a, region: "us-east-1", entry: pool(a.accountId, "us-east-1", "Mike", { notes: [nasty] }) },
      { account: a, region: "eu-west-1", entry: pool(a.accountId, "eu-west-1", "Two", { clients: [appClient({ ClientId: "c2", ClientName: nasty }), appClient({ ClientId: "c1" })] }) },
      { account: a, region: "eu-west-1", entry: pool(a.accountId, "eu-west-1", "One") },
      { account: b, region: "eu-west-1", entry: pool(b.accountId, "eu-west-1", "Only") },
    ],
    regions: [
      { account: a, entry: { region: "us-east-1", trails: [trail()], identityPools: [], errors: [] } },
      { account: a, entry: { region: "eu-west-1", identityPools: [identityPool(), identityPool({ IdentityPoolName: nasty })], errors: [{ operation: "DescribeTrails", code: "AccessDeniedException", message: nasty }], notes: ["n"] } },
      { account: a, entry: { region: "ap-south-1", errors: [], notes: ["no user pools"] } },
      { account: b, entry: { region: "eu-west-1", errors: [] } },
    ],
    accounts: [a, b, { accountId: "333333333333", partition: "aws" }],
  };
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The snapshot the calls describe, in the writer's order: accounts by id, regions by name, pools by Id; id, partition and name first. */
function expectedSnapshot(calls: Calls): Snapshot {
  const accounts = [...calls.accounts].sort((x, y) => compare(x.accountId, y.accountId));
  return {
    format: "cognito-audit/snapshot",
    version: 1,
    ...HEADER,
    accounts: accounts.map(({ accountId, partition, ...rest }) => ({
      accountId,
      partition,
      ...rest,
      regions: calls.regions
        .filter((r) => r.account.accountId === accountId)
        .sort((x, y) => compare(x.entry.region, y.entry.region))
        .map(({ entry: { region, ...fields } }) => ({
          region,
          userPools: calls.pools
            .filter((p) => p.account.accountId === accountId && p.region === region)
            .map((p) => p.entry)
            .sort((x, y) => compare(x.userPool.Id!, y.userPool.Id!)),
          ...fields,
        })),
    })),
  };
}

/**
 * Plays the calls as collect would: every region at once, each region's pools given concurrently
 * and its region() once they are in, accounts as they are known; `order` shuffles all of it.
 */
async function play(writer: SnapshotWriter, calls: Calls, order: (n: number) => number[] = (n) => [...Array(n).keys()]): Promise<void> {
  const shuffled = <T>(items: T[]) => order(items.length).map((i) => items[i]!);
  for (const account of shuffled(calls.accounts)) writer.account(account);
  await Promise.all(
    shuffled(calls.regions).map(async ({ account, entry }) => {
      const mine = calls.pools.filter((p) => p.account.accountId === account.accountId && p.region === entry.region);
      await Promise.all(shuffled(mine).map((p) => writer.pool(p.account, p.region, p.entry)));
      await writer.region(account, entry);
    }),
  );
}

async function written(calls: Calls, order?: (n: number) => number[]) {
  const dir = await freshDir();
  const file = join(dir, "snapshot.json");
  const writer = createSnapshotWriter(file);
  await play(writer, calls, order);
  const result = await writer.close(HEADER);
  return { dir, file, result, text: await readFile(file, "utf8") };
}

const messageOf = (promise: Promise<unknown>) => promise.then(() => "no error", (e: unknown) => (e instanceof InputError ? e.message : `not an InputError: ${String(e)}`));

describe("the streamed snapshot writer", () => {
  it("writes the compact layout of the sorted estate, which loadSnapshot reads exactly as the pretty one", async () => {
    const calls = estateCalls();
    const expected = expectedSnapshot(calls);
    const { file, text, result } = await written(calls);
    expect(text).toBe([...snapshotChunks(expected, "compact")].join(""));
    expect(JSON.parse(text)).toEqual(expected);
    const pretty = join(await freshDir(), "pretty.json");
    await writeFile(pretty, serializeSnapshot(expected));
    for (const chunk of [5, 1 << 20]) {
      expect(await loadSnapshot(file, chunk)).toEqual(expected);
      expect(await loadSnapshot(file, chunk)).toEqual(await loadSnapshot(pretty, chunk));
    }
    expect(result).toEqual({ pools: calls.pools.length, bytes: Buffer.byteLength(text) });
    // The region without pools and the account without regions are there, as such.
    expect(text).toContain('"region": "ap-south-1",\n          "userPools": [],');
    expect(text).toContain('"accountId": "333333333333",\n      "partition": "aws",\n      "regions": []\n');
    // A third of the pretty bytes or so, and each pool on a line of its own, whole.
    expect(text.length).toBeLessThan(serializeSnapshot(expected).length * 0.6);
    const lines = text.split("\n");
    for (const { entry } of calls.pools) {
      const mine = lines.filter((l) => l.includes(`"Id":${JSON.stringify(entry.userPool.Id)}`));
      expect(mine).toHaveLength(1);
      expect(JSON.parse(mine[0]!.trim().replace(/,$/, ""))).toEqual(entry);
    }
  });

  it("gives snapshotPools each pool after its account and region, in the file's order", async () => {
    const calls = estateCalls();
    const { file } = await written(calls);
    const read = snapshotPools(file, 7);
    const seen: string[] = [];
    let next = await read.next();
    for (; !next.done; next = await read.next()) seen.push(`${next.value.accountId} ${next.value.region} ${next.value.path} ${next.value.entry.userPool.Id}`);
    expect(seen).toEqual([
      "111111111111 eu-west-1 $.accounts[0].regions[0].userPools[0] eu-west-1_Only",
      "222222222222 eu-west-1 $.accounts[1].regions[1].userPools[0] eu-west-1_One",
      "222222222222 eu-west-1 $.accounts[1].regions[1].userPools[1] eu-west-1_Two",
      "222222222222 us-east-1 $.accounts[1].regions[2].userPools[0] us-east-1_Alpha",
      "222222222222 us-east-1 $.accounts[1].regions[2].userPools[1] us-east-1_Mike",
      "222222222222 us-east-1 $.accounts[1].regions[2].userPools[2] us-east-1_Zulu",
    ]);
    expect(next.value.accounts.map((a) => [a.accountId, a.regions.map((r) => r.region)])).toEqual([
      ["111111111111", ["eu-west-1"]],
      ["222222222222", ["ap-south-1", "eu-west-1", "us-east-1"]],
      ["333333333333", []],
    ]);
  });

  it("writes the same bytes whatever the order and interleaving of the calls", async () => {
    const calls = estateCalls();
    const reference = (await written(calls)).text;
    await fc.assert(
      fc.asyncProperty(fc.infiniteStream(fc.nat()), async (seeds) => {
        const order = (n: number) => {
          // A permutation of 0..n-1 drawn from the stream (Fisher–Yates).
          const items = [...Array(n).keys()];
          for (let i = n - 1; i > 0; i--) {
            const j = seeds.next().value! % (i + 1);
            [items[i], items[j]] = [items[j]!, items[i]!];
          }
          return items;
        };
        expect((await written(calls, order)).text).toBe(reference);
      }),
      { numRuns: 15 },
    );
  });

  it("sorts pools by the Id itself (not its JSON), and pools without one first, in one order", async () => {
    const account = { accountId: "1", partition: "aws" };
    const ids = ["b", '"a', "a\u0001", "A", "\u00e9", "a"];
    const entries = [...ids.map((id) => pool("1", "r", id)), poolEntry({ userPool: {} }), poolEntry({ userPool: { Id: 7 } as never })];
    const calls: Calls = { pools: entries.map((entry) => ({ account, region: "r", entry })), regions: [{ account, entry: { region: "r", errors: [] } }], accounts: [account] };
    const { text } = await written(calls);
    const order = (JSON.parse(text) as Snapshot).accounts[0]!.regions[0]!.userPools.map((p) => p.userPool.Id);
    expect(order.slice(2)).toEqual(ids.map((id) => `r_${id}`).sort(compare));
    expect(order.slice(0, 2).sort()).toEqual([7, undefined]);
    expect((await written({ ...calls, pools: [...calls.pools].reverse() })).text).toBe(text);
  });

  it("keeps SARIF's locator working: each pool, client and region on a line of its own", async () => {
    const calls = estateCalls();
    const { text } = await written(calls);
    const reader = resourceLineReader();
    reader.feed(Buffer.from(text));
    const lines = reader.lines();
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
    const poolLines = new Set<number>();
    for (const { entry } of calls.pools) {
      const line = lines.get(entry.userPool.Arn!);
      expect(line).toBe(lineOf(`"Id":${JSON.stringify(entry.userPool.Id)}`));
      poolLines.add(line!);
      for (const client of entry.clients ?? []) expect(lines.get(`${entry.userPool.Arn}/client/${client.ClientId}`)).toBe(line);
    }
    expect(poolLines.size).toBe(calls.pools.length);
    const regionLines = new Set([...lines.entries()].filter(([key]) => key.split("\u0000").length === 2 && !key.startsWith("account\u0000")).map(([, line]) => line));
    // Each account keeps a line of its own too.
    expect(new Set(calls.accounts.map((a) => lines.get(accountKey(a.accountId)))).size).toBe(calls.accounts.length);
    expect(regionLines.size).toBe(calls.regions.length);
    // Identity pools of the frame keep a line each: the frame is pretty.
    const identityLines = [...lines.keys()].filter((key) => key.split("\u0000").length === 3).map((key) => lines.get(key));
    expect(new Set(identityLines).size).toBe(2);
  });

  it("puts the account's own fields after its id and partition, and leaves out what JSON leaves out", async () => {
    const calls = estateCalls();
    calls.accounts[2] = { accountId: "333333333333", partition: "aws", name: "unreachable", errors: [{ operation: "AssumeRole", code: "AccessDenied", message: "no" }], regions: ["ignored"] } as never;
    calls.regions[3]!.entry.notes = undefined;
    const { text } = await written(calls);
    const parsed = JSON.parse(text) as Record<string, unknown> & { accounts: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(["format", "version", "collectedAt", "source", "accounts"]);
    expect(Object.keys(parsed.accounts[2]!)).toEqual(["accountId", "partition", "name", "errors", "regions"]);
    expect(parsed.accounts[2]!.regions).toEqual([]);
    expect(Object.keys((parsed.accounts[0]!.regions as object[])[0]!)).toEqual(["region", "userPools", "errors"]);
    expect(text).toBe([...snapshotChunks(JSON.parse(text) as object, "compact")].join(""));
  });
});

describe("the compact layout", () => {
  const FIXTURES = ["fixtures/scenarios", "fixtures/snapshots"].flatMap((d) =>
    readdirSync(join(PACKAGE_ROOT, d))
      .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
      .map((f) => join(PACKAGE_ROOT, d, f)),
  );

  it("reads as the pretty one for every fixture, with a line for every resource the pretty one locates", async () => {
    const dir = await freshDir();
    for (const [i, fixture] of FIXTURES.entries()) {
      const snapshot = JSON.parse(readFileSync(fixture, "utf8")) as Snapshot;
      const compact = join(dir, `c${i}.json`);
      await writeFile(compact, [...snapshotChunks(snapshot, "compact")].join(""));
      expect(await loadSnapshot(compact, 9)).toEqual(await loadSnapshot(fixture));
      const linesOf = (bytes: Buffer) => {
        const reader = resourceLineReader();
        reader.feed(bytes);
        return reader.lines();
      };
      expect([...linesOf(readFileSync(compact)).keys()].sort()).toEqual([...linesOf(readFileSync(fixture)).keys()].sort());
    }
  });
});

describe("the writer's file", () => {
  it("is owner-only, replaces what was there, and leaves nothing else in the directory", async () => {
    const dir = await freshDir();
    const file = join(dir, "snapshot.json");
    await writeFile(file, "old", { mode: 0o644 });
    const writer = createSnapshotWriter(file);
    // The spool is a private directory beside the target.
    const spools = readdirSync(dir).filter((f) => f !== "snapshot.json");
    expect(spools).toHaveLength(1);
    expect((await stat(join(dir, spools[0]!))).mode & 0o777).toBe(0o700);
    const calls = estateCalls();
    await play(writer, calls);
    await writer.close(HEADER);
    expect(await readFile(file, "utf8")).toBe([...snapshotChunks(expectedSnapshot(calls), "compact")].join(""));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["snapshot.json"]);
  });

  it("is written through a symbolic link, and in place when it is a pipe (the spool then in the temporary directory)", async () => {
    const dir = await freshDir();
    const real = join(dir, "real.json");
    await writeFile(real, "old");
    await symlink(real, join(dir, "link.json"));
    const calls = estateCalls();
    const expected = [...snapshotChunks(expectedSnapshot(calls), "compact")].join("");
    const viaLink = createSnapshotWriter(join(dir, "link.json"));
    await play(viaLink, calls);
    await viaLink.close(HEADER);
    expect(await readFile(real, "utf8")).toBe(expected);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["link.json", "real.json"]);

    const fifo = join(dir, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const spoolsBefore = readdirSync(tmpdir()).filter((f) => f.startsWith(".pipe.json.spool-")).length;
    const toPipe = createSnapshotWriter(fifo);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(".pipe.json.spool-"))).toHaveLength(spoolsBefore + 1);
    await play(toPipe, calls);
    const reading = readFile(fifo, "utf8");
    const { bytes } = await toPipe.close(HEADER);
    expect(await reading).toBe(expected);
    expect(bytes).toBe(Buffer.byteLength(expected));
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(".pipe.json.spool-"))).toHaveLength(spoolsBefore);
    expect(readdirSync(dir).sort()).toEqual(["link.json", "pipe.json", "real.json"]);
  });

  it("of an empty estate is a valid snapshot without accounts", async () => {
    const { file, text, result } = await written({ pools: [], regions: [], accounts: [] });
    expect(text).toBe(`{\n  "format": "cognito-audit/snapshot",\n  "version": 1,\n  "collectedAt": "${HEADER.collectedAt}",\n  "source": "test",\n  "accounts": []\n}\n`);
    expect(await loadSnapshot(file)).toEqual(expectedSnapshot({ pools: [], regions: [], accounts: [] }));
    expect(result).toEqual({ pools: 0, bytes: text.length });
  });

  it("is untouched by abort, which removes the spool", async () => {
    const dir = await freshDir();
    const file = join(dir, "snapshot.json");
    const writer = createSnapshotWriter(file);
    await play(writer, estateCalls());
    await writer.abort();
    expect(readdirSync(dir)).toEqual([]);
    await writeFile(file, "kept");
    const again = createSnapshotWriter(file);
    await again.pool({ accountId: "1", partition: "aws" }, "r", pool("1", "r", "X"));
    await again.abort();
    await again.abort();
    expect(readdirSync(dir)).toEqual(["snapshot.json"]);
    expect(await readFile(file, "utf8")).toBe("kept");
    await expect(again.pool({ accountId: "1", partition: "aws" }, "r", pool("1", "r", "Y"))).rejects.toThrow(/after close\(\) or abort\(\)/);
  });

  it("is refused when it cannot be written, before anything is collected", async () => {
    const dir = await freshDir();
    await writeFile(join(dir, "plain"), "");
    const cases = [join(dir, "missing", "s.json"), dir, join(dir, "plain", "s.json")];
    for (const file of cases) {
      let error: unknown;
      try {
        createSnapshotWriter(file, `--output ${file}`);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(`--output ${file}: `);
    }
    expect(readdirSync(dir)).toEqual(["plain"]);
  });

  it("fails with the file's name, and leaves no spool, when the directory goes away before close", async () => {
    const parent = await freshDir();
    const dir = join(parent, "out");
    await mkdir(dir);
    const file = join(dir, "snapshot.json");
    const writer = createSnapshotWriter(file);
    await play(writer, estateCalls());
    await rm(dir, { recursive: true });
    const message = `${file}: the snapshot could not be written (ENOENT); ${file} is untouched.`;
    expect(await messageOf(writer.close(HEADER))).toBe(message);
    expect(existsSync(dir)).toBe(false);
    // A spool that cannot be appended to: the pool's call fails, and close() with it.
    await mkdir(dir);
    const other = createSnapshotWriter(file);
    await other.pool({ accountId: "1", partition: "aws" }, "r", pool("1", "r", "A"));
    await rm(dir, { recursive: true });
    expect(await messageOf(other.pool({ accountId: "1", partition: "aws" }, "s", pool("1", "s", "B")))).toBe(message);
    expect(await messageOf(other.close(HEADER))).toBe(message);
  });

  it("refuses to close over a region whose pools were never finished, leaving no file", async () => {
    const dir = await freshDir();
    const file = join(dir, "snapshot.json");
    const writer = createSnapshotWriter(file);
    await writer.pool({ accountId: "1", partition: "aws" }, "eu-west-1", pool("1", "eu-west-1", "A"));
    await expect(writer.close(HEADER)).rejects.toThrow(/region "eu-west-1" of account "1" has pools but was never given to region\(\)/);
    expect(readdirSync(dir)).toEqual([]);
    await expect(writer.pool({ accountId: "1", partition: "aws" }, "eu-west-1", pool("1", "eu-west-1", "B"))).rejects.toThrow(/after close/);
  });

  // Open descriptors are counted in /proc (Linux, as CI).
  it.runIf(existsSync("/proc/self/fd"))("keeps the descriptors it opens bounded under thousands of concurrent pools", async () => {
    const dir = await freshDir();
    const file = join(dir, "snapshot.json");
    const writer = createSnapshotWriter(file);
    const fds = () => readdirSync("/proc/self/fd").length;
    const before = fds();
    let peak = before;
    let running = true;
    const sample = (async () => {
      while (running) {
        peak = Math.max(peak, fds());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const regions = 300;
    const perRegion = 8;
    const calls: Calls = { pools: [], regions: [], accounts: [] };
    for (let r = 0; r < regions; r++) {
      const account = { accountId: String(100000000000 + (r % 7)), partition: "aws" };
      const region = `xx-test-${r}`;
      for (let p = 0; p < perRegion; p++) calls.pools.push({ account, region, entry: pool(account.accountId, region, `P${p}`) });
      calls.regions.push({ account, entry: { region, errors: [] } });
    }
    await Promise.all(calls.pools.map((p) => writer.pool(p.account, p.region, p.entry)));
    await Promise.all(calls.regions.map((r) => writer.region(r.account, r.entry)));
    running = false;
    await sample;
    const { pools } = await writer.close(HEADER);
    expect(pools).toBe(regions * perRegion);
    // 64 spool handles at most (and a few for region files), not one per region or per pool.
    expect(peak - before).toBeLessThanOrEqual(64 + 16);
    expect(peak - before).toBeGreaterThan(0);
    const read = await loadSnapshot(file);
    expect(read.accounts.flatMap((a) => a.regions).map((r) => r.userPools.length)).toEqual(Array(regions).fill(perRegion));
  });
});

describe("the writer's memory", () => {
  it("stays flat: 800 regions × 20 pools (about 87 MB of JSON) are written with a 48 MB heap, in a fresh process", () => {
    // The bench script is run built (npm run build), as the CLI tests run dist/.
    const script = join(PACKAGE_ROOT, "dist", "bench", "snapshot-stream.js");
    expect(existsSync(script), `${script} is missing: run npx tsc -p tsconfig.json first`).toBe(true);
    const run = spawnSync(process.execPath, ["--max-old-space-size=48", script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CHILD: "1", REGIONS: "800", POOLS: "20", CLIENTS: "5", ACCOUNTS: "8" },
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const result = JSON.parse(run.stdout) as { pools: number; bytes: number; peakRssMb: number };
    expect(result.pools).toBe(16_000);
    // Kept as objects, these pools alone would need about three times the heap the process had.
    expect(result.bytes).toBeGreaterThan(80e6);
  }, 120_000);
});
