import { CloudTrailClient, CloudTrailServiceException, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { isFailedSignIn, normalise } from "../../src/cloudtrail/normalise.js";
import { lookupEvents } from "../../src/cloudtrail/collect.js";
import { dropDuplicates, logFileBatches, type CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { InputError } from "../../src/errors.js";
import { apiEvent, managedLoginEvent } from "../helpers/events.js";

const collectAll = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("CloudTrail log files", () => {
  it("reads .json and .json.gz files of an S3-style tree, in name order, and drops re-delivered events", async () => {
    const root = await mkdtemp(join(tmpdir(), "ca-ct-"));
    const day = join(root, "AWSLogs", "123456789012", "CloudTrail", "eu-west-1", "2026", "11", "25");
    await mkdir(day, { recursive: true });
    const a = apiEvent("InitiateAuth", { time: "2026-11-25T10:00:00Z", clientId: "c1", errorCode: "NotAuthorizedException", sub: "s1" });
    const b = apiEvent("SignUp", { time: "2026-11-25T10:05:00Z", clientId: "c1" });
    await writeFile(join(day, "123456789012_CloudTrail_eu-west-1_20261125T1000Z_a.json.gz"), gzipSync(JSON.stringify({ Records: [a, b] })));
    await writeFile(join(day, "123456789012_CloudTrail_eu-west-1_20261125T1005Z_b.json"), JSON.stringify({ Records: [b] }));
    await writeFile(join(day, "README.txt"), "not a log file");
    const batches = await collectAll(dropDuplicates(logFileBatches(root)));
    expect(batches.flat().map((e) => e.name)).toEqual(["InitiateAuth", "SignUp"]);
  });

  it("names the file and the place of a bad log file", async () => {
    const root = await mkdtemp(join(tmpdir(), "ca-ct-"));
    await writeFile(join(root, "x.json"), JSON.stringify({ records: [] }));
    await expect(collectAll(logFileBatches(root))).rejects.toThrow(/x\.json: at \$\.Records expected an array/);
    await writeFile(join(root, "x.json"), "{not json");
    await expect(collectAll(logFileBatches(root))).rejects.toBeInstanceOf(InputError);
    await expect(collectAll(logFileBatches(join(root, "missing")))).rejects.toThrow(/--cloudtrail .*missing: cannot be read/);
  });
});

describe("LookupEvents", () => {
  const cloudTrail = mockClient(CloudTrailClient);
  afterEach(() => cloudTrail.reset());
  const page = (records: CloudTrailRecord[], NextToken?: string) => ({
    Events: records.map((r) => ({ EventId: String(r.eventID), EventName: String(r.eventName), CloudTrailEvent: JSON.stringify(r) })),
    NextToken,
  });

  it("asks for the event source it is given: identity pool events", async () => {
    cloudTrail.on(LookupEventsCommand).resolves(page([]));
    await collectAll(lookupEvents(new CloudTrailClient({ region: "eu-west-1" }), { eventSource: "cognito-identity.amazonaws.com", start: new Date(0), end: new Date(), maxEvents: 3 }));
    expect(cloudTrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.LookupAttributes)).toEqual([[{ AttributeKey: "EventSource", AttributeValue: "cognito-identity.amazonaws.com" }]]);
  });

  it("follows every page, backs off on throttling, and asks by default only for cognito-idp events", async () => {
    const events = Array.from({ length: 5 }, (_, i) => apiEvent("InitiateAuth", { time: `2026-11-25T10:0${i}:00Z`, clientId: "c1" }));
    const throttle = new CloudTrailServiceException({ name: "ThrottlingException", message: "Rate exceeded", $fault: "client", $metadata: {} });
    cloudTrail
      .on(LookupEventsCommand)
      .resolvesOnce(page(events.slice(0, 2), "t1"))
      .rejectsOnce(throttle)
      .resolvesOnce(page(events.slice(2, 4), "t2"))
      .resolvesOnce(page(events.slice(4)));
    const waits: number[] = [];
    const client = new CloudTrailClient({ region: "eu-west-1" });
    const records = await collectAll(
      lookupEvents(client, { start: new Date("2026-11-19T00:00:00Z"), end: new Date("2026-11-26T00:00:00Z"), maxEvents: 100, sleep: async (ms) => void waits.push(ms) }),
    );
    expect(records.map((r) => r.eventID)).toEqual(events.map((e) => e.eventID));
    expect(waits).toEqual([1000]);
    const inputs = cloudTrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toMatchObject({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "cognito-idp.amazonaws.com" }], MaxResults: 50 });
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, "t1", "t1", "t2"]);
  });

  it("stops at maxEvents and says so", async () => {
    const events = Array.from({ length: 4 }, (_, i) => apiEvent("SignUp", { time: `2026-11-25T10:0${i}:00Z`, clientId: "c1" }));
    cloudTrail.on(LookupEventsCommand).resolves(page(events, "more"));
    let capped = 0;
    const records = await collectAll(
      lookupEvents(new CloudTrailClient({ region: "eu-west-1" }), { start: new Date(0), end: new Date(), maxEvents: 3, onCapReached: (n) => (capped = n) }),
    );
    expect(records).toHaveLength(3);
    expect(capped).toBe(3);
  });

  it("rejects a nested-too-deep or broken event with its EventId, not a crash", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const [CloudTrailEvent, expected] of [
      [deep, /LookupEvents event e-deep: nested deeper than \d+ levels/],
      ['{"eventName": ', /LookupEvents event e-deep: is not valid JSON at line 1, column 15/],
    ] as const) {
      cloudTrail.reset();
      cloudTrail.on(LookupEventsCommand).resolves({ Events: [{ EventId: "e-deep", CloudTrailEvent }] });
      const reading = collectAll(lookupEvents(new CloudTrailClient({ region: "eu-west-1" }), { start: new Date(0), end: new Date(), maxEvents: 3 }));
      await expect(reading).rejects.toThrow(InputError);
      await expect(reading).rejects.toThrow(expected);
    }
  });
});

describe("normalise", () => {
  it("reads API events: client, sub, error, anonymous caller", () => {
    const e = normalise(apiEvent("InitiateAuth", { time: "2026-11-25T10:00:00Z", clientId: "c1", sub: "s1", errorCode: "NotAuthorizedException", sourceIp: "203.0.113.5" }))!;
    expect(e).toMatchObject({ kind: "api", name: "InitiateAuth", clientId: "c1", sub: "s1", errorCode: "NotAuthorizedException", sourceIp: "203.0.113.5", principal: undefined });
    expect(isFailedSignIn(e)).toBe(true);
  });

  it("reads managed login events: pool, client from the form, status; empty errorCode is success", () => {
    const ok = normalise(managedLoginEvent("Login_POST", { time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_P", clientId: "c9", status: 302 }))!;
    expect(ok).toMatchObject({ kind: "managed-login", poolId: "eu-west-1_P", clientId: "c9", status: 302, errorCode: undefined });
    expect(isFailedSignIn(ok)).toBe(false);
    const failed = normalise(managedLoginEvent("Login_POST", { time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_P", status: 400 }))!;
    expect(isFailedSignIn(failed)).toBe(true);
  });

  it("keeps the IAM principal of admin calls and ignores hidden values and other services", () => {
    const admin = normalise(apiEvent("AdminSetUserPassword", { time: "2026-11-25T10:00:00Z", poolId: "eu-west-1_P", principal: "arn:aws:sts::1:assumed-role/Admin/alice", request: { username: "HIDDEN_DUE_TO_SECURITY_REASONS" } }))!;
    expect(admin).toMatchObject({ poolId: "eu-west-1_P", principal: "arn:aws:sts::1:assumed-role/Admin/alice" });
    expect(normalise({ ...apiEvent("GetId", { time: "2026-11-25T10:00:00Z" }), eventSource: "cognito-identity.amazonaws.com" })).toBeUndefined();
    expect(normalise({ eventSource: "cognito-idp.amazonaws.com", eventName: "X", eventTime: "not a time" })).toBeUndefined();
  });
});
