// scan --cloudtrail s3://bucket/prefix through the built CLI, against s3rver on loopback: the
// events are analysed with a note of what was read; a denied bucket is exit 2, never a pass.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package.js";
import type { Report } from "../../src/report/model.js";
import { runCli } from "../helpers/cli.js";
import { apiEvent } from "../helpers/events.js";
import { S3RVER_CREDENTIALS, startS3rver, type LoopbackS3 } from "./s3rver.js";

const SNAPSHOT = join(PACKAGE_ROOT, "fixtures", "snapshots", "demo.json");
const ACCOUNT = "123456789012";
const BUCKET = "org-trail-logs";
const DENIED = "someone-elses-logs";

let s3: LoopbackS3;
/** The CLI's clock is the real one: the log files are of the last hours. */
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").slice(0, 13) + "Z";
const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "/");

beforeAll(async () => {
  s3 = await startS3rver([BUCKET, DENIED], DENIED);
  const at = hoursAgo(2);
  const records = [apiEvent("SignUp", { time: at.toISOString(), clientId: "c1" }), apiEvent("ConfirmSignUp", { time: at.toISOString(), clientId: "c1" })];
  const key = `trail/AWSLogs/o-aa11bb22cc/${ACCOUNT}/CloudTrail/us-east-1/${ymd(at)}/${ACCOUNT}_CloudTrail_us-east-1_${stamp(at)}_Mu0KsOhtH1ar15ZZ.json.gz`;
  await s3.put(BUCKET, { [key]: gzipSync(JSON.stringify({ Records: records })) });
}, 30_000);

afterAll(() => s3?.stop());

const env = () => ({
  AWS_ENDPOINT_URL_S3: s3.endpoint,
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  AWS_REGION: "us-east-1",
});
const scan = (source: string) => runCli(["scan", "--snapshot", SNAPSHOT, "--cloudtrail", source, "--since", "1d", "--format", "json"], env());

describe("scan --cloudtrail s3://", () => {
  it("analyses an organization trail's log files of the snapshot's account and regions", async () => {
    await s3.reset();
    const r = await scan(`s3://${BUCKET}/trail`);
    expect(r.code, r.stderr).not.toBe(2);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.activity).toMatchObject({ available: true });
    expect(JSON.stringify(report.activity)).toMatch(/"events":2\b/);
    expect(report.notes.some((n) => n.startsWith(`CloudTrail log files read from s3://${BUCKET}/trail: 1 file(s) of account(s) ${ACCOUNT}`))).toBe(true);
    const seen = await s3.requests();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.method === "GET" && (s.query["list-type"] === "2" || s.query["x-id"] === "GetObject"))).toBe(true);
  });

  it("is exit 2 with one paragraph naming the denied call and the policy, nothing on stdout", async () => {
    const r = await scan(`s3://${DENIED}/trail`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`--cloudtrail s3://${DENIED}/trail: ListObjectsV2 of "s3://${DENIED}/trail/AWSLogs/" was denied (AccessDenied)`);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("refuses a malformed bucket before any call", async () => {
    await s3.reset();
    const r = await scan("s3://Not_A_Bucket/x");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an S3 bucket name/);
    expect(await s3.requests()).toEqual([]);
  });
});
