// Property tests over damaged CloudTrail log files scanned with the demo snapshot: the scan keeps
// its exit codes and outputs clean, and no behaviour rule passes on files it could not read.
import fc from "fast-check";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { apiEvent, managedLoginEvent } from "../helpers/events.js";
import { cliInProcess, expectWellBehaved, fcOptions, type Format } from "./harness.js";
import { nastyString } from "./mutations.js";

const DEMO = join(PACKAGE_ROOT, "fixtures/snapshots/demo.json");
const ACCOUNT = "123456789012";
const POOLS = ["us-east-1_Hard3n3d1", "us-east-1_Inc1dent5", "us-east-1_L3gacyMob"];
const CLIENTS = ["1adminportalweb000000000001", "2incidentsweb0000000000002", "3legacymobile000000000000003", "4legacybackend00000000000004"];
const BEHAVIOUR = new Set(RULES.filter((r) => r.kind === "event").map((r) => r.id));

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ca-prop-ct-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sign-ins, failures and admin calls on the demo pools in the day before the scan's clock. */
const record: fc.Arbitrary<CloudTrailRecord> = fc
  .record({
    kind: fc.constantFrom("InitiateAuth", "Login_POST", "AdminCreateUser", "SignUp"),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    failed: fc.boolean(),
    client: fc.constantFrom(...CLIENTS),
    pool: fc.constantFrom(...POOLS),
    ip: fc.constantFrom("198.51.100.7", "203.0.113.9", "192.0.2.10"),
  })
  .map(({ kind, minute, failed, client, pool, ip }) => {
    const time = Date.parse("2026-11-25T12:00:00Z") + minute * 60_000;
    const errorCode = failed ? "NotAuthorizedException" : undefined;
    const base =
      kind === "Login_POST"
        ? managedLoginEvent(kind, { time, poolId: pool, clientId: client, sourceIp: ip, ...(errorCode ? { errorCode, status: 200 } : {}) })
        : apiEvent(kind, { time, clientId: client, sourceIp: ip, ...(kind === "AdminCreateUser" ? { poolId: pool, principal: `arn:aws:iam::${ACCOUNT}:role/admin` } : {}), ...(errorCode ? { errorCode } : {}) });
    return { ...base, awsRegion: "us-east-1" };
  });

const FIELDS = ["eventTime", "eventName", "eventSource", "userIdentity", "requestParameters", "additionalEventData", "responseElements", "sourceIPAddress", "errorCode", "eventID", "awsRegion", "recipientAccountId", "userAgent"];
const wrongValue = fc.oneof(fc.constantFrom<unknown>(null, 42, -1, 1e308, "", "x", "not-a-date", [], {}, true, [1, 2], { a: { b: [] } }), nastyString);

type RecordMutation = { kind: "set"; index: number; field: string; value: unknown } | { kind: "delete"; index: number } | { kind: "deleteField"; index: number; field: string } | { kind: "replace"; index: number; value: unknown };
const recordMutation: fc.Arbitrary<RecordMutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), index: fc.nat(), field: fc.constantFrom(...FIELDS), value: wrongValue }),
  fc.record({ kind: fc.constant("delete" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("deleteField" as const), index: fc.nat(), field: fc.constantFrom(...FIELDS) }),
  fc.record({ kind: fc.constant("replace" as const), index: fc.nat(), value: fc.constantFrom<unknown>(null, 0, "record", [], [{}]) }),
);

/** What happens to a whole file; the first ones leave it unreadable. */
const UNREADABLE = ["truncate", "notJson", "recordsNotArray", "empty", "noRecordsKey"] as const;
const fileDamage = fc.oneof(
  { weight: 6, arbitrary: fc.constant("none" as const) },
  { weight: 1, arbitrary: fc.constantFrom("invalidUtf8" as const, "bom" as const) },
  { weight: 3, arbitrary: fc.constantFrom(...UNREADABLE) },
);

const logFile = fc.record({
  gz: fc.boolean(),
  records: fc.array(record, { minLength: 0, maxLength: 25 }),
  mutations: fc.array(recordMutation, { maxLength: 4 }),
  damage: fileDamage,
  cut: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});
type LogFile = typeof logFile extends fc.Arbitrary<infer T> ? T : never;

const layout = fc.record({
  files: fc.array(logFile, { minLength: 0, maxLength: 3 }),
  /** Files that are not log files, which the reader skips. */
  strays: fc.boolean(),
  nested: fc.boolean(),
  format: fc.constantFrom<Format>("json", "json", "json", "table", "markdown"),
});

function applyRecordMutations(records: CloudTrailRecord[], mutations: RecordMutation[]): unknown[] {
  const out: unknown[] = records.map((r) => ({ ...r }));
  for (const m of mutations) {
    if (out.length === 0) break;
    const i = m.index % out.length;
    const target = out[i];
    if (m.kind === "delete") out.splice(i, 1);
    else if (m.kind === "replace") out[i] = m.value;
    else if (target && typeof target === "object") {
      if (m.kind === "set") (target as Record<string, unknown>)[m.field] = m.value;
      else delete (target as Record<string, unknown>)[m.field];
    }
  }
  return out;
}

function fileBytes(file: LogFile): Buffer {
  const records = applyRecordMutations(file.records, file.mutations);
  let text = JSON.stringify({ Records: records });
  if (file.damage === "notJson") text = `{"Records": [${text}`;
  if (file.damage === "recordsNotArray") text = JSON.stringify({ Records: { 0: records[0] ?? {} } });
  if (file.damage === "noRecordsKey") text = JSON.stringify({ records });
  if (file.damage === "empty") text = "";
  if (file.damage === "bom") text = `\ufeff${text}`;
  let bytes = Buffer.from(text, "utf8");
  if (file.damage === "invalidUtf8") bytes = Buffer.concat([Buffer.from('{"Records":[{"eventName":"'), Buffer.from([0xff, 0xc0, 0x80]), Buffer.from('"}]}')]);
  if (file.gz) bytes = gzipSync(bytes);
  // A cut gzip stream or a cut JSON text: both unreadable.
  if (file.damage === "truncate") bytes = bytes.subarray(0, Math.max(1, Math.floor(bytes.length * file.cut)));
  return bytes;
}

let cases = 0;
async function writeLayout(l: typeof layout extends fc.Arbitrary<infer T> ? T : never): Promise<string> {
  const root = join(dir, `case-${++cases}`);
  const where = l.nested ? join(root, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", "2026", "11", "25") : root;
  await mkdir(where, { recursive: true });
  await Promise.all(l.files.map((f, i) => writeFile(join(where, `${ACCOUNT}_CloudTrail_us-east-1_20261125T${String(i).padStart(4, "0")}Z_x.json${f.gz ? ".gz" : ""}`), fileBytes(f))));
  if (l.strays) await writeFile(join(where, "README.txt"), "not a log file");
  return root;
}

describe("damaged CloudTrail log files", () => {
  it("end in exit 0-3 with no stack trace and clean output, and leave no behaviour rule passing when unreadable", async () => {
    await fc.assert(
      fc.asyncProperty(layout, async (l) => {
        const root = await writeLayout(l);
        try {
          const result = await cliInProcess(["scan", "--snapshot", DEMO, "--cloudtrail", root, "--format", l.format, "--include-passed", "--no-color"], dir);
          const report = expectWellBehaved(result, l.format);
          const blind = l.files.length === 0 || l.files.some((f) => (UNREADABLE as readonly string[]).includes(f.damage));
          if (blind && result.code !== 2) {
            // Only the JSON report tells passes apart; every other format still must not pass the gate.
            expect(result.code, "the scan could not read its CloudTrail files but passed").not.toBe(0);
            if (report) expect(report.findings.filter((f) => BEHAVIOUR.has(f.ruleId) && f.status === "pass").map((f) => `${f.ruleId} ${f.resource.arn}`)).toEqual([]);
          }
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      }),
      fcOptions(150),
    );
  });

  it("judges the behaviour rules on intact files (the property above has something to lose)", async () => {
    const files = [{ gz: true, records: fc.sample(record, { seed: 5, numRuns: 20 }), mutations: [], damage: "none" as const, cut: 0.5 }];
    const root = await writeLayout({ files, strays: true, nested: true, format: "json" });
    const result = await cliInProcess(["scan", "--snapshot", DEMO, "--cloudtrail", root, "--format", "json", "--include-passed"], dir);
    const report = expectWellBehaved(result, "json")!;
    expect(report.findings.filter((f) => BEHAVIOUR.has(f.ruleId) && f.status === "pass").length).toBeGreaterThan(0);
  });
});
