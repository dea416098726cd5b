// Snapshots are written and read pool by pool: the text is exactly what JSON.stringify gives, and
// reading in pieces of any size gives the same snapshot, and the same errors, as parsing it whole.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { parseJsonText } from "../../src/snapshot/json.js";
import { loadSnapshot, parseSnapshot, saveSnapshot, serializeSnapshot, snapshotPools } from "../../src/snapshot/io.js";
import { snapshotChunks } from "../../src/snapshot/write.js";
import { resourceLineReader } from "../../src/snapshot/locate.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { ACCOUNT, REGION, appClient, poolEntry, snapshotOf, userPool } from "../helpers/factories.js";

const dir = await mkdtemp(join(tmpdir(), "ca-stream-"));
let files = 0;
const write = async (text: string | Buffer) => {
  const file = join(dir, `s${++files}.json`);
  await writeFile(file, text);
  return file;
};
const messageOf = (promise: Promise<unknown>) => promise.then(() => "no error", (e: unknown) => (e instanceof InputError ? e.message : `not an InputError: ${String(e)}`));

const FIXTURES = ["fixtures/scenarios", "fixtures/snapshots"].flatMap((d) =>
  readdirSync(join(PACKAGE_ROOT, d))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => join(PACKAGE_ROOT, d, f)),
);

/** Two accounts, one with two regions; a pool with every kind of value. */
function estate(): Snapshot {
  const snapshot = snapshotOf([poolEntry(), poolEntry({ clients: [appClient(), appClient({ ClientName: 'quo"te \\ \u00e9 \u{1F600} \u001b[31m' })] })]);
  snapshot.accounts[0]!.regions.push({ region: "us-east-1", userPools: [], errors: [], notes: ["none here"] });
  snapshot.accounts.push({
    accountId: "210987654321",
    partition: "aws",
    regions: [{ region: REGION, userPools: [poolEntry({ userPool: userPool({ Id: `${REGION}_Other0001`, Arn: `arn:aws:cognito-idp:${REGION}:210987654321:userpool/${REGION}_Other0001` }) })], identityPools: [], errors: [] }],
  });
  return snapshot;
}

describe("the streamed writer", () => {
  it("writes exactly JSON.stringify(snapshot, null, 2) and a newline", () => {
    for (const snapshot of [estate(), snapshotOf([]), ...FIXTURES.map((f) => JSON.parse(readFileSync(f, "utf8")) as Snapshot)]) {
      expect(serializeSnapshot(snapshot)).toBe(`${JSON.stringify(snapshot, null, 2)}\n`);
    }
  });

  it("leaves out and writes null where JSON.stringify does, at every level", () => {
    const snapshot = estate() as unknown as Record<string, unknown> & { accounts: Record<string, unknown>[] };
    snapshot.source = undefined;
    snapshot.accounts[0]!.extra = () => 1;
    (snapshot.accounts[1]!.regions as unknown[]).push(undefined);
    const region = (snapshot.accounts[0]!.regions as { userPools: unknown[]; trails?: unknown }[])[0]!;
    region.userPools.push(undefined, new Date(0));
    region.trails = [{ when: new Date(0), nothing: undefined }];
    expect(serializeSnapshot(snapshot as unknown as Snapshot)).toBe(`${JSON.stringify(snapshot, null, 2)}\n`);
  });

  it("agrees with JSON.stringify on generated pools and regions", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), (pools, region) => {
        const snapshot = { format: "cognito-audit/snapshot", accounts: [{ regions: [{ ...region, userPools: pools }, { userPools: [] }] }] };
        expect(serializeSnapshot(snapshot as unknown as Snapshot)).toBe(`${JSON.stringify(snapshot, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it("gives pieces of about a megabyte, none holding the whole of a large snapshot", () => {
    const snapshot = snapshotOf(Array.from({ length: 1500 }, () => poolEntry({ clients: Array.from({ length: 5 }, () => appClient()) })));
    const pieces = [...snapshotChunks(snapshot)];
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(total).toBe(serializeSnapshot(snapshot).length);
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan((1 << 20) + 20_000);
  });

  it("saves owner-only, atomically, the same bytes", async () => {
    const file = join(dir, "saved.json");
    const snapshot = estate();
    await saveSnapshot(snapshot, file);
    expect(await readFile(file, "utf8")).toBe(serializeSnapshot(snapshot));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe("the streamed reader", () => {
  it("reads every fixture as JSON.parse and the whole-document checks do, in pieces of any size", async () => {
    for (const file of FIXTURES) {
      const whole = parseSnapshot(parseJsonText(readFileSync(file, "utf8"), file), file);
      for (const chunk of [5, 4096]) expect(await loadSnapshot(file, chunk)).toEqual(whole);
    }
  });

  it("reads compact, reordered and byte-order-marked text", async () => {
    const snapshot = estate();
    // The region's name, the account's id after the pools; the pools' keys reordered.
    const reordered = {
      accounts: snapshot.accounts.map(({ regions, ...account }) => ({ regions: regions.map(({ region, ...rest }) => ({ ...rest, region })), ...account })),
      collectedAt: snapshot.collectedAt,
      version: 1,
      format: snapshot.format,
      source: snapshot.source,
    };
    for (const text of [JSON.stringify(snapshot), `\uFEFF${serializeSnapshot(snapshot)}`, JSON.stringify(reordered, null, "\t")]) {
      const file = await write(text);
      for (const chunk of [1, 3, 1 << 20]) expect(await loadSnapshot(file, chunk)).toEqual(JSON.parse(text.replace(/^\uFEFF/, "")));
    }
  });

  it("cuts pretty-printed pools by their indentation only where that is the pool's end", async () => {
    const text = serializeSnapshot(estate());
    const poolIndent = /\n( +)\{\n +"userPool"/.exec(text)![1]!;
    // A valid file whose inner closing brace sits at the pool's indentation, and one with text after a pool's brace.
    const misIndented = text.replace(/\n +\}(,?\n +"clients")/, `\n${poolIndent}}$1`);
    expect(misIndented).not.toBe(text);
    for (const chunk of [5, 1 << 20]) expect(await loadSnapshot(await write(misIndented), chunk)).toEqual(JSON.parse(misIndented));
    const junk = text.replace(new RegExp(`\\n${poolIndent}\\},`), `\n${poolIndent}} x,`);
    expect(junk).not.toBe(text);
    expect(await messageOf(loadSnapshot(await write(junk)))).toMatch(/is not valid JSON at line \d+, column \d+: /);
  });

  it("follows every escape inside and outside the pools", async () => {
    const nasty = ['\\', '\\"', '"\\', "\b\b\b", "\r\n\t", "\u0000", "}]{[,:", '\\\\"\\'];
    for (const name of nasty) {
      const snapshot = estate();
      snapshot.accounts[0]!.regions[0]!.userPools[0]!.clients![0]!.ClientName = name;
      snapshot.accounts[0]!.regions[0]!.userPools[1]!.userPool.Name = `${name}${name}`;
      snapshot.accounts[0]!.regions[1]!.notes = [name];
      (snapshot.accounts[1] as unknown as Record<string, unknown>)[name] = undefined;
      const text = serializeSnapshot(snapshot);
      for (const chunk of [5, 1 << 20]) expect(await loadSnapshot(await write(text), chunk)).toEqual(JSON.parse(text));
    }
  });

  it("yields each pool with its account, partition, region and path, the frame last", async () => {
    const snapshot = estate();
    const reordered = { ...snapshot, accounts: snapshot.accounts.map(({ regions, ...account }) => ({ regions: regions.map(({ region, ...rest }) => ({ ...rest, region })), ...account })) };
    for (const text of [serializeSnapshot(snapshot), JSON.stringify(reordered)]) {
      const pools = snapshotPools(await write(text), 5);
      const seen: string[] = [];
      let next = await pools.next();
      for (; !next.done; next = await pools.next()) {
        const { accountId, partition, region, path, entry } = next.value;
        seen.push(`${accountId} ${partition} ${region} ${path} ${entry.userPool.Id}`);
      }
      const [first, second, other] = [0, 1].map((i) => snapshot.accounts[0]!.regions[0]!.userPools[i]!.userPool.Id).concat(snapshot.accounts[1]!.regions[0]!.userPools[0]!.userPool.Id);
      expect(seen).toEqual([
        `${ACCOUNT} aws ${REGION} $.accounts[0].regions[0].userPools[0] ${first}`,
        `${ACCOUNT} aws ${REGION} $.accounts[0].regions[0].userPools[1] ${second}`,
        `210987654321 aws ${REGION} $.accounts[1].regions[0].userPools[0] ${other}`,
      ]);
      expect(next.value.accounts.flatMap((a) => a.regions.map((r) => r.userPools.length))).toEqual([0, 0, 0]);
      expect(next.value.accounts[0]!.regions[1]!.notes).toEqual(["none here"]);
    }
  });

  it("gives the syntax error JSON.parse of the whole file would, wherever it is and however the file is cut", async () => {
    const text = serializeSnapshot(estate());
    const junk = fc.constantFrom(",", "}", "]", "[", "{", '"', "\\", ":", "x", "1.", "-", "\u001b", "\n", "tru", "\u00e9", "\u{1F600}", "0", "");
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length), fc.nat(40), junk, fc.constantFrom(7, 64, 1 << 20), async (at, cut, insert, chunk) => {
        const broken = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + (cut % 3)));
        let expected: string;
        try {
          parseSnapshot(parseJsonText(broken, "f.json"), "f.json");
          expected = "no error";
        } catch (error) {
          expected = (error as Error).message;
        }
        const file = await write(broken);
        const actual = await messageOf(loadSnapshot(file, chunk));
        if (/is not valid JSON/.test(expected)) expect(actual).toBe(expected.replace("f.json", file));
        else expect(/is not valid JSON/.test(actual)).toBe(false);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("reports a syntax error after an invalid pool, not the pool", async () => {
    const snapshot = estate();
    snapshot.accounts[0]!.regions[0]!.userPools[0]!.clients![0]!.RefreshTokenValidity = "3650" as never;
    const text = serializeSnapshot(snapshot);
    const file = await write(`${text.slice(0, -3)},\n}\n`);
    expect(await messageOf(loadSnapshot(file))).toMatch(/: is not valid JSON at line \d+, column 1: expected a property name in double quotes, found character U\+007D\.$/);
    expect(await messageOf(loadSnapshot(await write(text)))).toContain("at $.accounts[0].regions[0].userPools[0].clients[0].RefreshTokenValidity expected an integer");
  });

  it("names the path of a problem in any pool, and refuses what is not a pool", async () => {
    const snapshot = estate();
    snapshot.accounts[1]!.regions[0]!.userPools[0]!.userPool.MfaConfiguration = "SOMETIMES" as never;
    expect(await messageOf(loadSnapshot(await write(serializeSnapshot(snapshot)), 100))).toContain("at $.accounts[1].regions[0].userPools[0].userPool.MfaConfiguration expected one of");
    const text = serializeSnapshot(snapshotOf([])).replace('"userPools": []', '"userPools": [ "x" ]');
    expect(await messageOf(loadSnapshot(await write(text)))).toContain("at $.accounts[0].regions[0].userPools[0] expected an object, found string");
    expect(await loadSnapshot(await write(serializeSnapshot(snapshotOf([])).replace('"userPools": []', '"userPools": [ \n ]')))).toEqual(snapshotOf([]));
  });

  it("checks the format before the pools, and duplicates across pools", async () => {
    const snapshot = estate();
    const other = serializeSnapshot(snapshot).replace('"version": 1', '"version": 2');
    expect(await messageOf(loadSnapshot(await write(other)))).toMatch(/snapshot version 2 is not supported/);
    snapshot.accounts[1]!.regions[0]!.userPools[0]!.userPool.Arn = snapshot.accounts[0]!.regions[0]!.userPools[1]!.userPool.Arn;
    expect(await messageOf(loadSnapshot(await write(serializeSnapshot(snapshot))))).toContain("duplicate user pool ARN");
  });

  it("names a file it cannot read", async () => {
    expect(await messageOf(loadSnapshot(join(dir, "missing.json")))).toBe(`${join(dir, "missing.json")}: cannot be read (ENOENT); expected a readable JSON file.`);
    expect(await messageOf(loadSnapshot(dir))).toBe(`${dir}: cannot be read (EISDIR); expected a readable JSON file.`);
  });
});

describe("the resource line reader", () => {
  const linesOf = (bytes: Buffer, piece: number) => {
    const reader = resourceLineReader();
    for (let at = 0; at < bytes.length; at += piece) reader.feed(bytes.subarray(at, at + piece));
    return reader.lines();
  };

  it("finds the same lines however the bytes are cut, and the line of each resource's first mention", () => {
    for (const file of FIXTURES) {
      const bytes = readFileSync(file);
      const whole = linesOf(bytes, bytes.length);
      expect(whole.size).toBeGreaterThan(0);
      for (const piece of [1, 2, 3, 61]) expect(linesOf(bytes, piece)).toEqual(whole);
    }
    const snapshot = estate();
    const text = serializeSnapshot(snapshot);
    const lines = linesOf(Buffer.from(text), 5);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
    const pool = snapshot.accounts[0]!.regions[0]!.userPools[1]!;
    expect(lines.get(pool.userPool.Arn!)).toBe(lineOf(`"Arn": "${pool.userPool.Arn}"`));
    expect(lines.get(`${pool.userPool.Arn}/client/${pool.clients![1]!.ClientId}`)).toBe(lineOf(`"ClientId": "${pool.clients![1]!.ClientId}"`));
  });

  it("gives nothing for text that ends inside a string", () => {
    expect(linesOf(Buffer.from(`${serializeSnapshot(estate()).slice(0, 2000)}"unterminated`), 7).size).toBe(0);
  });
});
