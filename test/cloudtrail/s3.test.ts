// --cloudtrail s3://bucket/prefix against s3rver on loopback: which keys are listed and read, paging,
// gzip, denied and missing buckets, and that only ListObjectsV2 and GetObject reach the wire.
import { S3Client } from "@aws-sdk/client-s3";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../src/aws/clients.js";
import { RateLimits } from "../../src/aws/rateLimit.js";
import { wireOperation } from "../../src/aws/wire.js";
import { s3LogFileBatches, windowDays, type S3ReadSummary, type TrailScope } from "../../src/cloudtrail/s3.js";
import { parseS3Location, type CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { eventInput } from "../../src/commands/events.js";
import { InputError } from "../../src/errors.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { S3RVER_CREDENTIALS, startS3rver, type LoopbackS3 } from "./s3rver.js";

const BUCKET = "trail-bucket";
const DENIED = "denied-bucket";
const A1 = "111111111111";
const A2 = "222222222222";
const ORG = "o-abcdefghij";

let endpoint: string;
const savedEnv = { ...process.env };

const record = (id: string, time: string): CloudTrailRecord => ({ eventID: id, eventTime: time, eventSource: "cognito-idp.amazonaws.com", eventName: "InitiateAuth", awsRegion: "eu-west-1" });
const logFile = (ids: string[], time: string) => JSON.stringify({ Records: ids.map((id) => record(id, time)) });
const name = (account: string, region: string, stamp: string, unique = "Mu0KsOhtH1ar15ZZ", ext = "json.gz") => `${account}_CloudTrail_${region}_${stamp}_${unique}.${ext}`;
const day = (base: string, region: string, ymd: string) => `${base}CloudTrail/${region}/${ymd}/`;
const STD = `ct/AWSLogs/${A1}/`;
const ORGBASE = `ct/AWSLogs/${ORG}/${A2}/`;

/** What the bucket holds: key → bytes. Read (R) or not (-) for the window below, in the key's comment. */
const OBJECTS: Record<string, Buffer> = {
  // - the day before the window
  [`${day(STD, "eu-west-1", "2026/11/24")}${name(A1, "eu-west-1", "20261124T2355Z")}`]: gzipSync(logFile(["old-day"], "2026-11-24T23:50:00Z")),
  // - delivered on the first day, before the window's start (12:00)
  [`${day(STD, "eu-west-1", "2026/11/25")}${name(A1, "eu-west-1", "20261125T1000Z")}`]: gzipSync(logFile(["before-start"], "2026-11-25T09:58:00Z")),
  // R gzip
  [`${day(STD, "eu-west-1", "2026/11/25")}${name(A1, "eu-west-1", "20261125T1300Z")}`]: gzipSync(logFile(["a1-eu-25a", "a1-eu-25b"], "2026-11-25T12:58:00Z")),
  // R plain JSON
  [`${day(STD, "us-east-1", "2026/11/27")}${name(A1, "us-east-1", "20261127T1100Z", "Mu0KsOhtH1ar15ZZ", "json")}`]: Buffer.from(logFile(["a1-us-27"], "2026-11-27T10:58:00Z")),
  // - a region not scanned
  [`${day(STD, "ap-south-1", "2026/11/26")}${name(A1, "ap-south-1", "20261126T1100Z")}`]: gzipSync(logFile(["a1-ap"], "2026-11-26T10:58:00Z")),
  // - not a log file (counted)
  [`${day(STD, "eu-west-1", "2026/11/26")}README.txt`]: Buffer.from("not a log file"),
  // - digests live beside CloudTrail/, never listed
  [`${STD}CloudTrail-Digest/eu-west-1/2026/11/26/${A1}_CloudTrail-Digest_eu-west-1_t_us-east-1_20261126T1100Z.json.gz`]: gzipSync("{}"),
  // R the organization trail's member account
  [`${day(ORGBASE, "eu-west-1", "2026/11/26")}${name(A2, "eu-west-1", "20261126T0800Z")}`]: gzipSync(logFile(["a2-eu-26"], "2026-11-26T07:58:00Z")),
};

let s3: LoopbackS3;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET, DENIED], DENIED);
  endpoint = s3.endpoint;
  // The audit's clients find s3rver's credentials where the SDK looks for them.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey });
  const paged: Record<string, Buffer> = {};
  for (let i = 0; i < 25; i++) {
    paged[`paged/AWSLogs/${A1}/CloudTrail/eu-west-1/2026/11/26/${name(A1, "eu-west-1", "20261126T1100Z", `u${String(i).padStart(15, "0")}`)}`] = gzipSync(logFile([`p${i}`], "2026-11-26T10:58:00Z"));
  }
  await s3.put(BUCKET, { ...OBJECTS, ...paged });
}, 30_000);

afterAll(async () => {
  await s3?.stop();
  process.env = { ...savedEnv };
});

beforeEach(() => s3.reset());

const requests = () => s3.requests();

/** The audit's client: guarded, paced, path-style on the emulator. */
function trailClient() {
  class Client extends S3Client {
    constructor(config: ConstructorParameters<typeof S3Client>[0]) {
      super({ ...config, forcePathStyle: true });
    }
  }
  return createClient(Client, "s3", { region: "eu-west-1", endpointUrl: endpoint, maxAttempts: 1, limits: new RateLimits() });
}

const WINDOW: TrailScope = { start: new Date("2026-11-25T12:00:00Z"), end: new Date("2026-11-27T12:00:00Z"), regions: ["eu-west-1", "us-east-1"] };

async function readAll(location: string, scope: TrailScope = WINDOW, pageSize?: number) {
  const client = trailClient();
  let summary: S3ReadSummary | undefined;
  const ids: string[] = [];
  try {
    for await (const r of s3LogFileBatches(client, parseS3Location(location)!, scope, { ...(pageSize ? { pageSize } : {}), onDone: (s) => (summary = s) })) ids.push(...r.map((e) => String(e.id)));
  } finally {
    client.destroy();
  }
  return { ids, summary };
}

/** Every request that reached the server is ListObjectsV2 or GetObject, as the guard reads them, and nothing else. */
async function wireOperations() {
  return (await requests()).map((s) => {
    const found = wireOperation("s3", { method: s.method, hostname: "127.0.0.1", path: s.path, headers: {}, query: s.query });
    return "operation" in found ? found.operation : `unreadable ${found.unreadable}`;
  });
}

describe("--cloudtrail s3://bucket/prefix", () => {
  it("lists only the window's days of the scanned regions, for plain and organization trails, and reads gzip and plain JSON", async () => {
    const { ids, summary } = await readAll(`s3://${BUCKET}/ct`);
    expect(ids).toEqual(["a1-eu-25a", "a1-eu-25b", "a1-us-27", "a2-eu-26"]);
    expect(summary).toEqual({ accounts: [A1, A2], files: 3, otherKeys: 1, beforeWindow: 1 });
    const seen = await requests();
    const ops = await wireOperations();
    expect(ops.every((o) => o === "ListObjectsV2" || o === "GetObject"), ops.join(", ")).toBe(true);
    expect(seen.every((s) => s.method === "GET")).toBe(true);
    // Finding the accounts: one key at a time under AWSLogs/ and the organization's directory.
    const lists = seen.filter((s) => s.query["list-type"] === "2");
    expect(lists.filter((s) => s.query["max-keys"] === "1").map((s) => [s.query.prefix, s.query["start-after"]])).toEqual([
      ["ct/AWSLogs/", undefined],
      ["ct/AWSLogs/", `ct/AWSLogs/${A1}0`],
      ["ct/AWSLogs/", `ct/AWSLogs/${ORG}0`],
      [`ct/AWSLogs/${ORG}/`, undefined],
      [`ct/AWSLogs/${ORG}/`, `ct/AWSLogs/${ORG}/${A2}0`],
    ]);
    // Then exactly account × region × day.
    const days = windowDays(WINDOW.start, WINDOW.end);
    expect(days).toEqual(["2026/11/25", "2026/11/26", "2026/11/27"]);
    expect(lists.filter((s) => s.query["max-keys"] !== "1").map((s) => s.query.prefix)).toEqual(
      [STD, ORGBASE].flatMap((base) => ["eu-west-1", "us-east-1"].flatMap((region) => days.map((d) => day(base, region, d)))),
    );
    // Only the three files of the window were fetched.
    expect(seen.filter((s) => s.query["list-type"] === undefined).map((s) => s.path.split("/").pop())).toEqual([
      name(A1, "eu-west-1", "20261125T1300Z"),
      name(A1, "us-east-1", "20261127T1100Z", "Mu0KsOhtH1ar15ZZ", "json"),
      name(A2, "eu-west-1", "20261126T0800Z"),
    ]);
  });

  it("narrows to the scanned accounts, and refuses a bucket without their logs", async () => {
    const { ids } = await readAll(`s3://${BUCKET}/ct`, { ...WINDOW, accounts: [A2] });
    expect(ids).toEqual(["a2-eu-26"]);
    await expect(readAll(`s3://${BUCKET}/ct`, { ...WINDOW, accounts: ["333333333333"] })).rejects.toThrow(/logs there are of account\(s\) 111111111111, 222222222222, not of the scanned account\(s\) 333333333333/);
  });

  it("accepts a prefix that already ends in AWSLogs", async () => {
    const { ids } = await readAll(`s3://${BUCKET}/ct/AWSLogs/`);
    expect(ids).toHaveLength(4);
  });

  it("pages through a day with more keys than MaxKeys", async () => {
    const scope = { ...WINDOW, regions: ["eu-west-1"] };
    const { ids } = await readAll(`s3://${BUCKET}/paged`, scope, 4);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `p${i}`));
    const seen = await requests();
    const pages = seen.filter((s) => s.query.prefix === `paged/AWSLogs/${A1}/CloudTrail/eu-west-1/2026/11/26/`);
    expect(pages).toHaveLength(7);
    expect(pages.slice(1).every((p) => p.query["continuation-token"])).toBe(true);
    expect(pages.every((p) => p.query["max-keys"] === "4")).toBe(true);
    expect(seen.filter((s) => s.query["list-type"] === undefined)).toHaveLength(25);
  });

  it("is an input error, never a pass: a denied bucket, a missing bucket, a prefix without AWSLogs, a window without files", async () => {
    const denied = readAll(`s3://${DENIED}/ct`);
    await expect(denied).rejects.toBeInstanceOf(InputError);
    await expect(denied).rejects.toThrow(/--cloudtrail s3:\/\/denied-bucket\/ct: ListObjectsV2 of "s3:\/\/denied-bucket\/ct\/AWSLogs\/" was denied \(AccessDenied\)\. .*s3:ListBucket on arn:aws:s3:::denied-bucket/);
    await expect(readAll("s3://no-such-bucket/ct")).rejects.toThrow(/the bucket no-such-bucket does not exist \(NoSuchBucket\)/);
    await expect(readAll(`s3://${BUCKET}/elsewhere`)).rejects.toThrow(/no CloudTrail logs under "s3:\/\/trail-bucket\/elsewhere\/AWSLogs\/"/);
    const quiet = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-10-02T00:00:00Z"), regions: ["eu-west-1"] };
    await expect(readAll(`s3://${BUCKET}/ct`, quiet)).rejects.toThrow(/no CloudTrail log file of eu-west-1 delivered between 2026-10-01T00:00:00.000Z/);
    expect((await wireOperations()).every((o) => o === "ListObjectsV2")).toBe(true);
  });

  it("says a credential's own error (not a policy's) when S3 refuses the signature's key", async () => {
    class Client extends S3Client {
      constructor(config: ConstructorParameters<typeof S3Client>[0]) {
        super({ ...config, forcePathStyle: true, credentials: { accessKeyId: "NOT-S3RVER", secretAccessKey: "x" } });
      }
    }
    const client = createClient(Client, "s3", { region: "eu-west-1", endpointUrl: endpoint, maxAttempts: 1, limits: new RateLimits() });
    const records = s3LogFileBatches(client, parseS3Location(`s3://${BUCKET}/ct`)!, WINDOW);
    const error = await records.next().catch((e: unknown) => e as Error);
    client.destroy();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^--cloudtrail s3:\/\/trail-bucket\/ct: ListObjectsV2 of "s3:\/\/trail-bucket\/ct\/AWSLogs\/" failed \(InvalidAccessKeyId, HTTP 403/);
  });

  it("stops a gzip bomb at the cap on one file", async () => {
    const client = trailClient();
    const scope = { ...WINDOW, regions: ["us-east-1"] };
    const records = s3LogFileBatches(client, parseS3Location(`s3://${BUCKET}/ct`)!, scope, { maxFileBytes: 20 });
    const drain = async () => {
      let count = 0;
      for await (const r of records) if (r) count++;
      return count;
    };
    await expect(drain()).rejects.toThrow(/s3:\/\/trail-bucket\/ct\/AWSLogs\/111111111111\/CloudTrail\/us-east-1\/.*holds more than 20 bytes of JSON/);
    client.destroy();
  });

  it("reads the bucket for a scan: the snapshot's regions and accounts, --since, a note of what was read", async () => {
    const snapshot = { accounts: [{ accountId: A1, regions: [{ region: "eu-west-1" }, { region: "us-east-1" }] }] } as unknown as Snapshot;
    const events = eventInput({ cloudtrail: `s3://${BUCKET}/ct`, since: "2d", endpointUrl: endpoint }, snapshot, new Date("2026-11-27T12:00:00Z"), {});
    expect(events.kind).toBe("records");
    if (events.kind !== "records") return;
    expect(events.source).toBe(`S3 (s3://${BUCKET}/ct)`);
    expect(events.start.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    const ids: string[] = [];
    for await (const batch of events.batches) ids.push(...batch.map((e) => String(e.id)));
    expect(ids).toEqual(["a1-eu-25a", "a1-eu-25b", "a1-us-27"]);
    expect(events.notes).toEqual([`CloudTrail log files read from s3://${BUCKET}/ct: 2 file(s) of account(s) ${A1} in eu-west-1, us-east-1; not read: 1 key(s) not named .json or .json.gz, 1 file(s) delivered before the window.`]);
    expect((await wireOperations()).every((o) => o === "ListObjectsV2" || o === "GetObject")).toBe(true);
  });
});

describe("parseS3Location", () => {
  it("reads the bucket and prefix, and refuses what is not a bucket", () => {
    expect(parseS3Location("s3://b-1.x/a/b/")).toEqual({ bucket: "b-1.x", prefix: "a/b" });
    expect(parseS3Location("s3://bucket")).toEqual({ bucket: "bucket", prefix: "" });
    expect(parseS3Location("./logs")).toBeUndefined();
    for (const bad of ["s3://", "s3://Bucket/x", "s3://a/x", "s3://b..c/x", "s3://bucket/../x", "s3://bucket/a//b", "s3://bucket//x"]) expect(() => parseS3Location(bad), bad).toThrow(InputError);
  });
});
