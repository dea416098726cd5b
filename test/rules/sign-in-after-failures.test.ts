import { describe, expect, it } from "vitest";
import rule from "../../rules/sign-in-after-failures.js";
import { AfterFailuresTracker } from "../../src/behaviour/afterFailures.js";
import { entryOf } from "../../src/behaviour/bursts.js";
import { isVerifiedSignIn, normalise } from "../../src/cloudtrail/normalise.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { apiEvent, busyDay, byTime, OFFICE_IP, series, subOf, type ApiEventOptions } from "../helpers/events.js";
import { loginPost } from "../helpers/documentedEvents.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const VICTIM = "7f3c2a10-0001-4000-8000-00000000a001";
const ATTACKER = "203.0.113.66";
const MINUTE = 60_000;
const START = "2026-11-26T10:00:00Z";
const at = (minutes: number) => Date.parse(START) + minutes * MINUTE;

const failure = (time: number, o: Partial<ApiEventOptions> = {}) =>
  apiEvent("InitiateAuth", { time, clientId, sub: VICTIM, sourceIp: ATTACKER, errorCode: "NotAuthorizedException", request: { authFlow: "USER_PASSWORD_AUTH" }, ...o });
const success = (time: number, o: Partial<ApiEventOptions> = {}) =>
  apiEvent("InitiateAuth", { time, clientId, sub: VICTIM, sourceIp: ATTACKER, request: { authFlow: "USER_PASSWORD_AUTH" }, ...o });
/** VICTIM sets a new password with the code sent to them (ConfirmForgotPassword). */
const reset = (time: number, errorCode?: string) =>
  apiEvent("ConfirmForgotPassword", { time, clientId, sub: VICTIM, sourceIp: "198.51.100.200", ...(errorCode ? { errorCode } : {}), request: { username: "HIDDEN_DUE_TO_SECURITY_REASONS", password: "HIDDEN_DUE_TO_SECURITY_REASONS", confirmationCode: "HIDDEN_DUE_TO_SECURITY_REASONS" } });
/** `count` failures for VICTIM one minute apart from START. */
const failures = (count: number, o: Partial<ApiEventOptions> = {}) => series(count, START, MINUTE, (_, t) => failure(t, o));
/** Managed-login failures without a sub from one IP (the documented Login_POST re-served with 400). */
const pageFailures = (count: number, sourceIp = ATTACKER) => series(count, START, MINUTE, (_, t) => loginPost({ time: t, poolId, clientId, sourceIp, status: 400 }));

/** The busy day with API sign-ins in USER_PASSWORD_AUTH, so that each success proves a password. */
const BUSY_DAY: CloudTrailRecord[] = busyDay(poolId, clientId).map((r) =>
  r.eventName === "InitiateAuth" ? { ...r, requestParameters: { ...(r.requestParameters as object), authFlow: "USER_PASSWORD_AUTH" } } : r,
);

testRule(rule, {
  valid: [
    { name: "no sign-in events in the window", entry, events: [] },
    { name: "9 failures then a success for one user, from changing IPs", entry, events: [...failures(9).map((r, i) => ({ ...r, sourceIPAddress: `198.51.100.${i + 1}` })), success(at(10), { sourceIp: "198.51.100.99" })] },
    { name: "10 failures and no success", entry, events: failures(10) },
    { name: "10 failures, then a success 60 minutes after the second (the first is out of the window)", entry, events: [...failures(10), success(at(61))] },
    { name: "10 failures then a success for another user from another IP", entry, events: [...failures(10), success(at(10), { sub: subOf(1), sourceIp: "198.51.100.1" })] },
    { name: "a success before the failures", entry, events: [success(at(-1)), ...failures(12)] },
    {
      name: "the first step of SRP and a token refresh prove no password",
      entry,
      events: [
        ...failures(12),
        success(at(13), { request: { authFlow: "USER_SRP_AUTH" } }),
        success(at(14), { request: { authFlow: "REFRESH_TOKEN_AUTH" } }),
        success(at(15), { request: { authFlow: "custom_auth" } }),
      ],
    },
    {
      name: "the sign-in page served again with 200 after 25 failures from one IP is no success",
      entry,
      events: [...pageFailures(25), loginPost({ time: at(26), poolId, clientId, sourceIp: ATTACKER, status: 200 })],
    },
    {
      name: "other errors are no failures",
      entry,
      events: [...failures(12, { errorCode: "PasswordResetRequiredException" }), success(at(13))],
    },
    {
      name: "backend sign-ins (AdminInitiateAuth) count per user, not per the server's IP",
      entry,
      events: [
        ...series(30, START, 10_000, (i, t) => apiEvent("AdminInitiateAuth", { time: t, poolId, sub: subOf(i), sourceIp: "10.0.0.5", principal: "arn:aws:sts::123456789012:assumed-role/app/backend", errorCode: "NotAuthorizedException" })),
        apiEvent("AdminInitiateAuth", { time: at(6), poolId, sub: subOf(99), sourceIp: "10.0.0.5", principal: "arn:aws:sts::123456789012:assumed-role/app/backend" }),
      ],
    },
    {
      name: "a trusted source IP is left out of the per-IP count",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: [...pageFailures(25), loginPost({ time: at(26), poolId, clientId, sourceIp: ATTACKER, status: 302 })],
      evidence: { signInsFromTrustedIps: 26 },
    },
    { name: "a busy ordinary day (the office NAT included)", entry, events: BUSY_DAY },
    {
      name: "a user who forgot the password: 10 failures, a reset with the emailed code, then a sign-in",
      entry,
      events: [...failures(10), reset(at(11)), success(at(12))],
    },
    {
      name: "the reset arrives after the sign-in it precedes (out of order)",
      entry,
      events: [...failures(10), success(at(12)), reset(at(11))],
    },
    { name: "a higher userFailures option", entry, options: { userFailures: 15 }, events: [...failures(12), success(at(13))] },
  ],
  invalid: [
    {
      name: "a failed reset does not excuse the sign-in",
      entry,
      events: [...failures(10), reset(at(11), "CodeMismatchException"), success(at(12))],
      messageId: "signedIn",
    },
    {
      name: "a sign-in after the failures, the user's reset only later (arriving first)",
      entry,
      events: [reset(at(30)), ...failures(10), success(at(11))],
      messageId: "signedIn",
      evidence: { afterUserFailures: { signIns: 1, failedSignIns: 10 } },
    },
    {
      name: "after a reset, a new run of failures and a sign-in",
      entry,
      events: [...failures(3), reset(at(4)), ...series(10, "2026-11-26T10:05:00Z", MINUTE, (_, t) => failure(t)), success(at(16))],
      messageId: "signedIn",
      evidence: { afterUserFailures: { signIns: 1, failedSignIns: 10, firstEvent: "2026-11-26T10:05:00.000Z" } },
    },
    {
      name: "10 failures then a success for one user",
      entry,
      events: [...failures(10), success(at(10))],
      messageId: "signedIn",
      severity: "critical",
      data: { windowMinutes: 60, users: 1, userFailures: 10, ips: 0, ipFailures: 20, first: "2026-11-26T10:00:00.000Z", last: "2026-11-26T10:10:00.000Z" },
      evidence: {
        afterUserFailures: { signIns: 1, failedSignIns: 10, subs: [{ sub: VICTIM, count: 10 }], sourceIps: [{ ip: ATTACKER, count: 10 }] },
        signIns: [{ by: ["user"], at: "2026-11-26T10:10:00.000Z", sub: VICTIM, sourceIp: ATTACKER, operation: "InitiateAuth", clientId, failuresBefore: 10, firstFailure: "2026-11-26T10:00:00.000Z" }],
      },
    },
    {
      name: "the success arrives before the failures that precede it (out of order)",
      entry,
      events: [success(at(30)), ...failures(10).reverse()],
      messageId: "signedIn",
      evidence: { afterUserFailures: { signIns: 1, failedSignIns: 10 } },
    },
    {
      name: "SRP: failed password verifiers, then one that succeeds",
      entry,
      events: [
        ...series(10, START, MINUTE, (_, t) => apiEvent("RespondToAuthChallenge", { time: t, clientId, sub: VICTIM, sourceIp: ATTACKER, errorCode: "NotAuthorizedException" })),
        apiEvent("RespondToAuthChallenge", { time: at(11), clientId, sub: VICTIM, sourceIp: ATTACKER }),
      ],
      messageId: "signedIn",
      evidence: { afterUserFailures: { signIns: 1, operations: { RespondToAuthChallenge: 10 } } },
    },
    {
      name: "managed login: 20 failures without a sub from one IP, then a redirect (documented Login_POST)",
      entry,
      events: [...pageFailures(20), loginPost({ time: at(21), poolId, clientId, sourceIp: ATTACKER, status: 302, errorCode: "" })],
      messageId: "signedIn",
      data: { windowMinutes: 60, users: 0, userFailures: 10, ips: 1, ipFailures: 20, first: "2026-11-26T10:00:00.000Z", last: "2026-11-26T10:21:00.000Z" },
      evidence: { afterSourceIpFailures: { signIns: 1, failedSignIns: 20, operations: { Login_POST: 20 } }, signIns: [{ by: ["sourceIp"], sourceIp: ATTACKER, failuresBefore: 20 }] },
    },
    {
      name: "a spray from one IP that gets one user in",
      entry,
      events: [...series(20, START, MINUTE, (i, t) => failure(t, { sub: subOf(i) })), success(at(25), { sub: subOf(7) })],
      messageId: "signedIn",
      evidence: { afterSourceIpFailures: { signIns: 1, failedSignIns: 20 }, signIns: [{ by: ["sourceIp"], sub: subOf(7) }] },
    },
    {
      name: "a success found for the user and the IP is listed once",
      entry,
      events: [...failures(20), success(at(20))],
      messageId: "signedIn",
      data: expect.objectContaining({ users: 1, ips: 1 }) as never,
      evidence: { signIns: [{ by: ["user", "sourceIp"], failuresBefore: 20 }] },
    },
    {
      name: "a takeover hidden in a busy ordinary day",
      entry,
      events: byTime([...BUSY_DAY, ...series(10, "2026-11-25T13:00:00Z", MINUTE, (_, t) => failure(t)), success(Date.parse("2026-11-25T13:10:00Z"))]),
      messageId: "signedIn",
      evidence: { afterUserFailures: { signIns: 1, failedSignIns: 10, subs: [{ sub: VICTIM, count: 10 }] } },
    },
    { name: "10 failures then a success exactly 60 minutes after the first", entry, events: [...failures(10), success(at(60))], messageId: "signedIn" },
    {
      name: "lower thresholds and a shorter window",
      entry,
      options: { userFailures: 3, ipFailures: 50, windowMinutes: 5 },
      events: [...failures(3), success(at(4))],
      messageId: "signedIn",
      evidence: { userFailures: 3, ipFailures: 50, windowMinutes: 5 },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

/** The tracker's entry for a record. */
const entryAt = (record: CloudTrailRecord) => entryOf(normalise(record)!);

describe("sign-in-after-failures details", () => {
  it("the busy day's office NAT fails and succeeds all day", () => {
    const office = BUSY_DAY.map((r) => normalise(r)!).filter((e) => e.sourceIp === OFFICE_IP);
    expect(office.filter(isVerifiedSignIn).length).toBeGreaterThan(500);
  });

  it("keeps state only for keys active within about a window", () => {
    const tracker = new AfterFailuresTracker({ windowMs: 60 * MINUTE, threshold: 10 });
    const start = Date.parse("2026-10-01T00:00:00Z");
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      const event = normalise(failure(start + i * 10_000, { sub: subOf(i) }))!;
      tracker.failure("pool", event.sub!, entryOf(event));
      most = Math.max(most, tracker.trackedKeys);
    }
    expect(most).toBeLessThanOrEqual(361 + 181);
    expect(tracker.result("pool")).toBeUndefined();
  });

  it("keeps a bounded number of failures for one key however many there are", () => {
    const tracker = new AfterFailuresTracker({ windowMs: 60 * MINUTE, threshold: 10 });
    const start = Date.parse("2026-10-01T00:00:00Z");
    for (let i = 0; i < 20_000; i++) tracker.failure("pool", "k", entryOf(normalise(failure(start + i * 100))!));
    const state = (tracker as unknown as { states: Map<string, Map<string, { failures: unknown[] }>> }).states.get("pool")!.get("k")!;
    expect(state.failures.length).toBeLessThanOrEqual(80);
    tracker.success("pool", "k", entryOf(normalise(success(start + 20_000 * 100))!));
    expect(tracker.result("pool")?.successes.events).toBe(1);
  });

  it("a reset arriving more than a window after a match leaves it counted, though the key stayed active", () => {
    const tracker = new AfterFailuresTracker({ windowMs: 60 * MINUTE, threshold: 10 });
    for (let i = 0; i < 10; i++) tracker.failure("pool", VICTIM, entryAt(failure(at(i))));
    tracker.success("pool", VICTIM, entryAt(success(at(10))));
    // The user keeps signing in: the key never goes quiet long enough to be forgotten.
    for (let m = 20; m <= 180; m += 5) tracker.success("pool", VICTIM, entryAt(success(at(m))));
    tracker.reset("pool", VICTIM, at(5));
    expect(tracker.result("pool")?.successes.events).toBe(1);
  });

  it("lists the earliest suspect sign-ins, whatever order their matches are counted in", () => {
    const tracker = new AfterFailuresTracker({ windowMs: 60 * MINUTE, threshold: 2 }, 3);
    // Five users, each two failures and a success; the first user stays active (counted last).
    for (let u = 0; u < 5; u++) {
      const key = subOf(u);
      const t = at(u * 90);
      tracker.failure("pool", key, entryAt(failure(t, { sub: key })));
      tracker.failure("pool", key, entryAt(failure(t + 1000, { sub: key })));
      tracker.success("pool", key, entryAt(success(t + 2000, { sub: key })));
      for (let m = 5; m < 90; m += 5) tracker.success("pool", subOf(0), entryAt(success(t + m * MINUTE, { sub: subOf(0) })));
    }
    const found = tracker.result("pool")!;
    expect(found.successes.events).toBe(5);
    expect(found.listed.map((s) => s.key)).toEqual([subOf(0), subOf(1), subOf(2)]);
  });

  it("counts a match once its reset can no longer come (a window behind), in bounded memory", () => {
    const tracker = new AfterFailuresTracker({ windowMs: 60 * MINUTE, threshold: 2 });
    const start = Date.parse("2026-10-01T00:00:00Z");
    // 3 000 users, each: 2 failures and a success; every third resets the password between (arriving last).
    for (let u = 0; u < 3000; u++) {
      const t = start + u * 5 * MINUTE;
      const key = subOf(u);
      tracker.failure("pool", key, entryOf(normalise(failure(t, { sub: key }))!));
      tracker.failure("pool", key, entryOf(normalise(failure(t + 1000, { sub: key }))!));
      tracker.success("pool", key, entryOf(normalise(success(t + 3000, { sub: key }))!));
      if (u % 3 === 0) tracker.reset("pool", key, t + 2000);
    }
    expect(tracker.trackedKeys).toBeLessThanOrEqual(13 + 7);
    expect(tracker.result("pool")?.successes.events).toBe(2000);
  });
});
