import { describe, expect, it } from "vitest";
import rule from "../../rules/brute-force.js";
import { BurstTracker, entryOf, eventCount } from "../../src/behaviour/bursts.js";
import { isFailedSignIn, isSignInAttempt, normalise } from "../../src/cloudtrail/normalise.js";
import { apiEvent, managedLoginEvent, series, type ApiEventOptions, busyDay, byTime, subOf } from "../helpers/events.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const VICTIM = "7f3c2a10-0001-4000-8000-00000000a001";
const ATTACKER = "203.0.113.66";
const MINUTE = 60_000;
const START = "2026-11-26T10:00:00Z";

const failure = (time: string | number, o: Partial<ApiEventOptions> = {}) =>
  apiEvent("InitiateAuth", { time, clientId, sub: VICTIM, sourceIp: ATTACKER, errorCode: "NotAuthorizedException", ...o });
const failures = (count: number, start: string, intervalMs: number, o: Partial<ApiEventOptions> = {}) =>
  series(count, start, intervalMs, (_, t) => failure(t, o));

const BUSY_DAY = busyDay(poolId, clientId);

/** 10 failures for VICTIM within exactly 15 minutes, listed out of order. */
const shuffledAttack = () => {
  const attack = failures(10, START, 100_000);
  return [...attack.filter((_, i) => i % 2 === 1).reverse(), ...attack.filter((_, i) => i % 2 === 0)];
};

/** 12 users attacked from 24 source IPs: more than the evidence lists. */
const TWELVE_ATTACKS = byTime(
  Array.from({ length: 12 }, (_, u) =>
    failures(10, START, MINUTE, { sub: subOf(700 + u), sourceIp: `198.51.100.${u + 1}` }).map((r, i) => (i === 0 ? { ...r, sourceIPAddress: `198.51.100.${u + 101}` } : r)),
  ).flat(),
);
const ofLength = (n: number) => expect.toSatisfy((list: unknown[]) => list.length === n, `${n} entries`) as unknown;

testRule(rule, {
  valid: [
    { name: "no sign-in events in the window", entry, events: [] },
    { name: "9 failures within 15 minutes (one below the threshold)", entry, events: failures(9, START, 100_000) },
    { name: "10 failures spread over 15 minutes and 1 second", entry, events: failures(10, START, 100_112) },
    { name: "slow guessing: 20 failures 2 minutes apart (8 in any 15 minutes)", entry, events: failures(20, START, 2 * MINUTE) },
    {
      name: "9 failures each for three users",
      entry,
      events: byTime([0, 1, 2].flatMap((u) => failures(9, START, 90_000, { sub: subOf(900 + u) }))),
    },
    {
      name: "successful sign-ins and other errors do not count",
      entry,
      events: [
        ...series(20, START, 30_000, (_, t) => apiEvent("InitiateAuth", { time: t, clientId, sub: VICTIM, sourceIp: ATTACKER })),
        ...failures(12, START, 30_000, { errorCode: "PasswordResetRequiredException" }),
        ...failures(12, START, 30_000, { errorCode: "UserNotFoundException" }),
        ...series(12, START, 30_000, (_, t) => apiEvent("ForgotPassword", { time: t, clientId, sub: VICTIM, errorCode: "NotAuthorizedException" })),
      ],
    },
    {
      name: "failures without a sub are not attributed to a user, only counted in the evidence",
      entry,
      events: failures(30, START, 10_000, { sub: undefined }),
      evidence: { failedSignInsWithoutSub: 30 },
    },
    { name: "failures of a pool the snapshot does not know", entry, events: failures(30, START, 10_000, { clientId: "unknownclient" }) },
    {
      name: "failures against another pool of the snapshot",
      entry,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: failures(30, START, 10_000, { clientId: otherClientId }),
    },
    { name: "a busy ordinary day", entry, events: BUSY_DAY },
    { name: "a higher threshold option", entry, options: { threshold: 20 }, events: failures(15, START, 30_000) },
    { name: "a shorter window option", entry, options: { windowMinutes: 5 }, events: failures(10, START, 60_000) },
  ],
  invalid: [
    {
      name: "exactly 10 failures within exactly 15 minutes",
      entry,
      events: failures(10, START, 100_000),
      messageId: "bruteForce",
      severity: "high",
      evidence: {
        failedSignIns: 10,
        usersTargeted: 1,
        subs: [{ sub: VICTIM, count: 10 }],
        sourceIps: [{ ip: ATTACKER, count: 10 }],
        distinctSourceIps: 1,
        firstEvent: "2026-11-26T10:00:00.000Z",
        lastEvent: "2026-11-26T10:15:00.000Z",
        operations: { InitiateAuth: 10 },
        clientIds: [clientId],
        threshold: 10,
        windowMinutes: 15,
      },
    },
    {
      name: "a burst across a quarter-hour boundary (the window slides)",
      entry,
      events: failures(10, "2026-11-26T10:10:00Z", MINUTE),
      messageId: "bruteForce",
      evidence: { failedSignIns: 10, firstEvent: "2026-11-26T10:10:00.000Z", lastEvent: "2026-11-26T10:19:00.000Z" },
    },
    {
      name: "events out of order",
      entry,
      events: [...BUSY_DAY.slice(0, 50), ...shuffledAttack(), ...BUSY_DAY.slice(50, 100)],
      messageId: "bruteForce",
      evidence: { failedSignIns: 10, usersTargeted: 1, firstEvent: "2026-11-26T10:00:00.000Z", lastEvent: "2026-11-26T10:15:00.000Z" },
    },
    {
      name: "the last failure arrives first",
      entry,
      events: [...failures(1, "2026-11-26T10:15:00Z", 0), ...failures(9, START, 100_000)],
      messageId: "bruteForce",
      evidence: { failedSignIns: 10 },
    },
    {
      name: "managed login failures (Login_POST, CognitoAuthentication)",
      entry,
      events: series(10, START, MINUTE, (i, t) =>
        managedLoginEvent(i % 2 ? "Login_POST" : "CognitoAuthentication", { time: t, poolId, clientId, sourceIp: ATTACKER, sub: VICTIM, ...(i % 3 ? { status: 400 } : { errorCode: "NotAuthorizedException", status: 200 }) }),
      ),
      messageId: "bruteForce",
      evidence: { failedSignIns: 10, operations: { Login_POST: 5, CognitoAuthentication: 5 } },
    },
    {
      name: "API and managed login failures together, from many IPs",
      entry,
      events: byTime([
        ...series(5, START, MINUTE, (i, t) => failure(t, { sourceIp: `198.51.100.${i + 1}` })),
        ...series(5, "2026-11-26T10:00:30Z", MINUTE, (i, t) =>
          managedLoginEvent("Login_POST", { time: t, poolId, clientId, sourceIp: `198.51.100.${i + 11}`, sub: VICTIM, status: 400 }),
        ),
      ]),
      messageId: "bruteForce",
      evidence: { failedSignIns: 10, distinctSourceIps: 10, operations: { InitiateAuth: 5, Login_POST: 5 } },
    },
    {
      name: "AdminInitiateAuth through the application's backend names the principal",
      entry,
      events: series(10, START, MINUTE, (_, t) =>
        apiEvent("AdminInitiateAuth", { time: t, poolId, clientId, sub: VICTIM, sourceIp: "10.0.0.5", principal: "arn:aws:sts::123456789012:assumed-role/app/backend", errorCode: "NotAuthorizedException" }),
      ),
      messageId: "bruteForce",
      evidence: { principals: [{ principal: "arn:aws:sts::123456789012:assumed-role/app/backend", count: 10 }], operations: { AdminInitiateAuth: 10 } },
    },
    {
      name: "a burst hidden in a busy ordinary day",
      entry,
      events: byTime([...BUSY_DAY, ...failures(10, "2026-11-25T13:00:00Z", MINUTE)]),
      messageId: "bruteForce",
      evidence: { failedSignIns: 10, usersTargeted: 1, subs: [{ sub: VICTIM, count: 10 }], firstEvent: "2026-11-25T13:00:00.000Z" },
    },
    {
      name: "an attack that goes on counts every failure of the episode",
      entry,
      events: failures(40, START, MINUTE),
      messageId: "bruteForce",
      evidence: { failedSignIns: 40, firstEvent: "2026-11-26T10:00:00.000Z", lastEvent: "2026-11-26T10:39:00.000Z" },
    },
    {
      name: "the attack is reported on the pool under attack",
      entry: other,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: failures(10, START, MINUTE, { clientId: otherClientId }),
      messageId: "bruteForce",
    },
    {
      name: "a lower threshold option",
      entry,
      options: { threshold: 3, windowMinutes: 5 },
      events: failures(3, START, 150_000),
      messageId: "bruteForce",
      evidence: { failedSignIns: 3, threshold: 3, windowMinutes: 5 },
    },
    {
      name: "at most 10 subs and 10 source IPs are listed, with the full counts beside them",
      entry,
      events: TWELVE_ATTACKS,
      messageId: "bruteForce",
      evidence: { failedSignIns: 120, usersTargeted: 12, distinctSourceIps: 24, subs: ofLength(10), sourceIps: ofLength(10) },
    },
    {
      name: "the evidence names no usernames",
      entry,
      events: TWELVE_ATTACKS,
      messageId: "bruteForce",
      evidence: expect.toSatisfy((evidence) => !/username/i.test(JSON.stringify(evidence)), "no username in the evidence") as Record<string, unknown>,
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("brute-force details", () => {
  it("the busy day is busy and ordinary", () => {
    const events = BUSY_DAY.map((r) => normalise(r)!);
    const attempts = events.filter(isSignInAttempt).length;
    const failed = events.filter(isFailedSignIn).length;
    expect(attempts).toBeGreaterThan(4000);
    expect(failed / attempts).toBeGreaterThan(0.02);
    expect(failed / attempts).toBeLessThan(0.05);
    expect(new Set(events.map((e) => e.sourceIp)).size).toBeGreaterThan(400);
  });

  it("keeps state only for users active within about a window", () => {
    const tracker = new BurstTracker({ windowMs: 15 * MINUTE, limit: 10, measure: eventCount });
    const start = Date.parse("2026-10-01T00:00:00Z");
    let most = 0;
    // 200 000 failures of distinct users, one every 10 seconds for 23 days.
    for (let i = 0; i < 200_000; i++) {
      const event = normalise(failure(start + i * 10_000, { sub: subOf(i) }))!;
      tracker.add("pool", event.sub!, entryOf(event));
      most = Math.max(most, tracker.trackedKeys);
    }
    // A window holds 91 of them; a sweep runs every half window.
    expect(most).toBeLessThanOrEqual(91 + 46);
    expect(tracker.result("pool")).toBeUndefined();
  });

  it("keeps one small state for a long attack on one user", () => {
    const tracker = new BurstTracker({ windowMs: 15 * MINUTE, limit: 10, measure: eventCount });
    const start = Date.parse("2026-10-01T00:00:00Z");
    for (let i = 0; i < 100_000; i++) {
      const event = normalise(failure(start + i * 1000))!;
      tracker.add("pool", VICTIM, entryOf(event));
    }
    expect(tracker.trackedKeys).toBe(1);
    expect(tracker.result("pool")).toMatchObject({ bursts: 1, events: 100_000 });
  });
});
