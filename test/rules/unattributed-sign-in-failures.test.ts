import { describe, expect, it } from "vitest";
import rule from "../../rules/unattributed-sign-in-failures.js";
import { isFailedSignIn, normalise } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { apiEvent, busyDay, series, subOf, type ApiEventOptions } from "../helpers/events.js";
import { loginPost } from "../helpers/documentedEvents.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const ATTACKER = "203.0.113.66";
const MINUTE = 60_000;
const START = "2026-11-26T10:00:00Z";

/** A failed API sign-in naming no user (an unknown user name under PreventUserExistenceErrors ENABLED). */
const failure = (time: number, o: Partial<ApiEventOptions> = {}) => apiEvent("InitiateAuth", { time, clientId, sourceIp: ATTACKER, errorCode: "NotAuthorizedException", ...o });
/** The documented Login_POST, rejected (status 400, no sub). */
const page = (time: number, sourceIp = ATTACKER, status: number = 400, errorCode?: string) => loginPost({ time, poolId, clientId, sourceIp, status, ...(errorCode !== undefined ? { errorCode } : {}) });

/**
 * The busy day as a pool with PreventUserExistenceErrors ENABLED sees it: a mistyped user name is a
 * NotAuthorizedException without a sub (and managed-login failures never name the user).
 */
const BUSY_DAY: CloudTrailRecord[] = busyDay(poolId, clientId).map((r) => {
  if (r.errorCode === "UserNotFoundException") return { ...r, errorCode: "NotAuthorizedException" };
  if (r.eventType === "AwsServiceEvent" && r.errorCode) {
    const extra = r.additionalEventData as { requestParameters: Record<string, unknown> };
    const { sub: _sub, ...form } = extra.requestParameters;
    return { ...r, additionalEventData: { ...extra, sub: undefined, requestParameters: form } };
  }
  return r;
});

testRule(rule, {
  valid: [
    { name: "no sign-in events in the window", entry, events: [] },
    { name: "9 managed-login failures from one IP within 15 minutes", entry, events: series(9, START, 100_000, (_, t) => page(t)) },
    { name: "10 failures from one IP over 15 minutes and 1 second", entry, events: series(10, START, 100_112, (_, t) => failure(t)) },
    { name: "login pages served again with 200 are no failures", entry, events: series(30, START, 10_000, (_, t) => page(t, ATTACKER, 200)) },
    {
      name: "failures that name a user are left to brute-force and password-spraying",
      entry,
      events: series(30, START, 10_000, (i, t) => failure(t, { sub: subOf(i % 3) })),
      evidence: { failedSignInsWithSub: 30 },
    },
    { name: "49 failures for one client from 49 addresses", entry, events: series(49, START, 15_000, (i, t) => failure(t, { sourceIp: `198.51.100.${i + 1}` })) },
    {
      name: "backend calls: no per-IP count for the server, the client count stays below",
      entry,
      events: series(30, START, 10_000, (_, t) => apiEvent("AdminInitiateAuth", { time: t, poolId, clientId, sourceIp: "10.0.0.5", principal: "arn:aws:sts::123456789012:assumed-role/app/backend", errorCode: "NotAuthorizedException" })),
    },
    {
      name: "a trusted address is only counted",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: series(30, START, 10_000, (_, t) => page(t)),
      evidence: { failedSignInsFromTrustedIps: 30 },
    },
    { name: "failures of a pool the snapshot does not know", entry, events: series(30, START, 10_000, (_, t) => failure(t, { clientId: "unknownclient" })) },
    { name: "a busy ordinary day (unknown user names fail without a sub)", entry, events: BUSY_DAY },
  ],
  invalid: [
    {
      name: "10 managed-login failures from one IP within 15 minutes (documented Login_POST, status 400)",
      entry,
      events: series(10, START, 100_000, (_, t) => page(t)),
      messageId: "burst",
      severity: "high",
      data: { windowMinutes: 15, ips: 1, ipThreshold: 10, clients: 0, clientThreshold: 50, failures: 10, first: "2026-11-26T10:00:00.000Z", last: "2026-11-26T10:15:00.000Z" },
      evidence: { perSourceIp: { failedSignIns: 10, bursts: 1, sourceIps: [{ ip: ATTACKER, count: 10 }], operations: { Login_POST: 10 }, clientIds: [clientId] } },
    },
    {
      name: "a failure logged only as errorCode \"400\" with status 200 counts",
      entry,
      events: series(10, START, MINUTE, (_, t) => page(t, ATTACKER, 200, "400")),
      messageId: "burst",
      evidence: { perSourceIp: { failedSignIns: 10 } },
    },
    {
      name: "API failures without a sub from one IP, out of order",
      entry,
      events: series(12, START, MINUTE, (_, t) => failure(t)).reverse(),
      messageId: "burst",
      evidence: { perSourceIp: { failedSignIns: 12, operations: { InitiateAuth: 12 } } },
    },
    {
      name: "a distributed attack: 50 failures for one client from 50 addresses",
      entry,
      events: series(50, START, 15_000, (i, t) => (i % 2 ? failure(t, { sourceIp: `198.51.100.${i + 1}` }) : page(t, `198.51.100.${i + 1}`))),
      messageId: "burst",
      data: expect.objectContaining({ ips: 0, clients: 1, failures: 50 }) as never,
      evidence: { perClient: { failedSignIns: 50, distinctSourceIps: 50, operations: { InitiateAuth: 25, Login_POST: 25 } } },
    },
    {
      name: "a burst hidden in a busy ordinary day",
      entry,
      events: [...BUSY_DAY, ...series(10, "2026-11-25T13:00:00Z", MINUTE, (_, t) => page(t))].sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime))),
      messageId: "burst",
      evidence: { perSourceIp: { failedSignIns: 10, sourceIps: [{ ip: ATTACKER, count: 10 }] } },
    },
    {
      name: "lower thresholds",
      entry,
      options: { ipThreshold: 3, clientThreshold: 5, windowMinutes: 5 },
      events: series(5, START, MINUTE, (i, t) => failure(t, { sourceIp: i < 3 ? ATTACKER : `198.51.100.${i}` })),
      messageId: "burst",
      data: expect.objectContaining({ ips: 1, clients: 1, failures: 5 }) as never,
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("unattributed-sign-in-failures details", () => {
  it("the busy day holds failures without a sub", () => {
    const failed = BUSY_DAY.map((r) => normalise(r)!).filter((e) => isFailedSignIn(e) && e.sub === undefined);
    expect(failed.length).toBeGreaterThan(60);
    expect(failed.filter((e) => e.kind === "managed-login").length).toBeGreaterThan(20);
  });
});
