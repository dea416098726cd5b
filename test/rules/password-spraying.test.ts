import { describe, expect, it } from "vitest";
import { BurstTracker, distinctSubs, entryOf } from "../../src/behaviour/bursts.js";
import rule from "../../rules/password-spraying.js";
import { isFailedSignIn, isSignInAttempt, normalise } from "../../src/cloudtrail/normalise.js";
import { apiEvent, managedLoginEvent, series, type ApiEventOptions, busyDay, byTime, OFFICE_IP, subOf } from "../helpers/events.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const SPRAYER = "203.0.113.77";
const MINUTE = 60_000;
const START = "2026-11-26T09:00:00Z";

const failure = (time: string | number, o: Partial<ApiEventOptions> = {}) =>
  apiEvent("InitiateAuth", { time, clientId, sourceIp: SPRAYER, errorCode: "NotAuthorizedException", ...o });
/** One failure each for `users` different users (subs 500, 501, …), `intervalMs` apart. */
const spray = (users: number, start: string, intervalMs: number, o: Partial<ApiEventOptions> = {}) =>
  series(users, start, intervalMs, (i, t) => failure(t, { sub: subOf(500 + i), ...o }));

const BUSY_DAY = busyDay(poolId, clientId);
/** The defaults before issue 11 (5 users within an hour): the windowing cases below were written for them. */
const LEGACY = { distinctUsers: 5, windowMinutes: 60 };

const ofLength = (n: number) => expect.toSatisfy((list: unknown[]) => list.length === n, `${n} entries`) as unknown;

testRule(rule, {
  valid: [
    { name: "no sign-in events in the window", entry, options: LEGACY, events: [] },
    { name: "one IP fails for 4 users within an hour (one below)", entry, options: LEGACY, events: spray(4, START, 15 * MINUTE) },
    { name: "one IP fails for 5 users over 1 hour and 1 second", entry, options: LEGACY, events: spray(5, START, 15 * MINUTE + 250) },
    { name: "5 users fail from 5 different IPs", entry, options: LEGACY, events: series(5, START, MINUTE, (i, t) => failure(t, { sub: subOf(i), sourceIp: `198.51.100.${i + 1}` })) },
    {
      name: "one IP fails 50 times for one user and once each for 3 more (brute force, not spraying)",
      entry,
      options: LEGACY,
      events: byTime([...series(50, START, 30_000, (_, t) => failure(t, { sub: subOf(1) })), ...spray(3, START, 5 * MINUTE)]),
    },
    { name: "one IP signs in 50 different users successfully (an office NAT)", entry, options: LEGACY, events: series(50, START, MINUTE, (i, t) => apiEvent("InitiateAuth", { time: t, clientId, sub: subOf(i), sourceIp: SPRAYER })) },
    {
      name: "failures without a sub name no user, only counted in the evidence",
      entry,
      options: LEGACY,
      events: series(30, START, MINUTE, (_, t) => failure(t)),
      evidence: { failedSignInsWithoutSub: 30 },
    },
    {
      name: "AdminInitiateAuth failures come from the application's server, not the client",
      entry,
      options: LEGACY,
      events: spray(20, START, MINUTE, { poolId, principal: "arn:aws:sts::123456789012:assumed-role/app/backend", sourceIp: "10.0.0.5" }),
    },
    { name: "a source that is not an IP address", entry, options: LEGACY, events: spray(20, START, MINUTE, { sourceIp: "cognito-idp.amazonaws.com" }) },
    { name: "failures of a pool the snapshot does not know", entry, options: LEGACY, events: spray(20, START, MINUTE, { clientId: "unknownclient" }) },
    {
      name: "failures against another pool of the snapshot",
      entry,
      options: LEGACY,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: spray(20, START, MINUTE, { clientId: otherClientId }),
    },
    { name: "a busy ordinary day", entry, events: BUSY_DAY },
    {
      name: "defaults: five colleagues mistyping behind one office NAT within an hour, then signing in",
      entry,
      events: byTime([
        ...spray(5, START, 12 * MINUTE, { sourceIp: OFFICE_IP }),
        ...series(5, "2026-11-26T09:00:20Z", 12 * MINUTE, (i, t) => apiEvent("InitiateAuth", { time: t, clientId, sub: subOf(500 + i), sourceIp: OFFICE_IP })),
      ]),
    },
    { name: "defaults: one IP fails for 9 users within 30 minutes (one below)", entry, events: spray(9, START, 3 * MINUTE) },
    { name: "defaults: one IP fails for 10 users over 30 minutes and 1 second", entry, events: spray(10, START, 200_112) },
    { name: "a higher distinctUsers option", entry, options: { ...LEGACY, distinctUsers: 10 }, events: spray(9, START, MINUTE) },
    { name: "failures from a trusted range (a corporate NAT)", entry, options: { ...LEGACY, trustedSourceIps: ["192.0.2.1", "203.0.113.0/24"] }, events: spray(20, START, MINUTE) },
    {
      name: "failures from trusted ranges are counted in the evidence",
      entry,
      options: { ...LEGACY, trustedSourceIps: ["2001:db8:1::/48", SPRAYER] },
      events: [...spray(6, START, MINUTE, { sourceIp: "2001:db8:1::5" }), ...spray(3, START, MINUTE), ...series(2, START, MINUTE, (_, t) => failure(t))],
      evidence: { failedSignInsFromTrustedIps: 11 },
    },
  ],
  invalid: [
    {
      name: "defaults: one IP fails for 10 users within exactly 30 minutes",
      entry,
      events: spray(10, START, 200_000),
      messageId: "spraying",
      evidence: { failedSignIns: 10, usersTargeted: 10, distinctUsers: 10, windowMinutes: 30, firstEvent: "2026-11-26T09:00:00.000Z", lastEvent: "2026-11-26T09:30:00.000Z" },
    },
    {
      name: "defaults: a spray of 30 users in 5 minutes from one IP",
      entry,
      events: spray(30, START, 10_000),
      messageId: "spraying",
      evidence: { failedSignIns: 30, usersTargeted: 30 },
    },
    {
      name: "one IP fails for exactly 5 users within exactly 1 hour",
      entry,
      options: LEGACY,
      events: spray(5, START, 15 * MINUTE),
      messageId: "spraying",
      severity: "high",
      evidence: {
        failedSignIns: 5,
        usersTargeted: 5,
        sourceIps: [{ ip: SPRAYER, count: 5 }],
        distinctSourceIps: 1,
        subs: [0, 1, 2, 3, 4].map((i) => ({ sub: subOf(500 + i), count: 1 })),
        firstEvent: "2026-11-26T09:00:00.000Z",
        lastEvent: "2026-11-26T10:00:00.000Z",
        operations: { InitiateAuth: 5 },
        clientIds: [clientId],
        distinctUsers: 5,
        windowMinutes: 60,
      },
    },
    {
      name: "a spray across an hour boundary (the window slides)",
      entry,
      options: LEGACY,
      events: spray(5, "2026-11-26T09:40:00Z", 10 * MINUTE),
      messageId: "spraying",
      evidence: { firstEvent: "2026-11-26T09:40:00.000Z", lastEvent: "2026-11-26T10:20:00.000Z" },
    },
    {
      name: "events out of order",
      entry,
      options: LEGACY,
      events: [...BUSY_DAY.slice(0, 40), ...spray(5, START, 10 * MINUTE).reverse(), ...BUSY_DAY.slice(40, 80)],
      messageId: "spraying",
      evidence: { failedSignIns: 5, usersTargeted: 5, firstEvent: "2026-11-26T09:00:00.000Z", lastEvent: "2026-11-26T09:40:00.000Z" },
    },
    {
      name: "managed login failures (Login_POST)",
      entry,
      options: LEGACY,
      events: series(5, START, 5 * MINUTE, (i, t) => managedLoginEvent("Login_POST", { time: t, poolId, clientId, sourceIp: SPRAYER, sub: subOf(i), status: 400 })),
      messageId: "spraying",
      evidence: { failedSignIns: 5, operations: { Login_POST: 5 } },
    },
    {
      name: "API and managed login failures from one IP together",
      entry,
      options: LEGACY,
      events: byTime([
        ...spray(3, START, 5 * MINUTE),
        ...series(2, "2026-11-26T09:02:00Z", 5 * MINUTE, (i, t) => managedLoginEvent("CognitoAuthentication", { time: t, poolId, clientId, sourceIp: SPRAYER, sub: subOf(i), errorCode: "NotAuthorizedException" })),
      ]),
      messageId: "spraying",
      evidence: { usersTargeted: 5, operations: { InitiateAuth: 3, CognitoAuthentication: 2 } },
    },
    {
      name: "repeated failures for one user count in the evidence",
      entry,
      options: LEGACY,
      events: byTime([...series(30, START, MINUTE, (_, t) => failure(t, { sub: subOf(1) })), ...spray(4, "2026-11-26T09:30:00Z", MINUTE)]),
      messageId: "spraying",
      evidence: { failedSignIns: 34, usersTargeted: 5, subs: [{ sub: subOf(1), count: 30 }, ...[0, 1, 2, 3].map((i) => ({ sub: subOf(500 + i), count: 1 }))] },
    },
    {
      name: "a spray hidden in a busy ordinary day",
      entry,
      options: LEGACY,
      events: byTime([...BUSY_DAY, ...spray(5, "2026-11-25T15:00:00Z", 7 * MINUTE)]),
      messageId: "spraying",
      evidence: { failedSignIns: 5, usersTargeted: 5, sourceIps: [{ ip: SPRAYER, count: 5 }], distinctSourceIps: 1 },
    },
    {
      name: "two spraying IPs",
      entry,
      options: LEGACY,
      events: byTime([...spray(5, START, MINUTE), ...spray(6, START, MINUTE, { sourceIp: "203.0.113.78" })]),
      messageId: "spraying",
      evidence: { failedSignIns: 11, distinctSourceIps: 2, usersTargeted: 6, sourceIps: [{ ip: "203.0.113.78", count: 6 }, { ip: SPRAYER, count: 5 }] },
    },
    {
      name: "the spray is reported on the pool under attack",
      entry: other,
      options: LEGACY,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: spray(5, START, MINUTE, { clientId: otherClientId }),
      messageId: "spraying",
    },
    {
      name: "an IPv6 source outside the trusted ranges",
      entry,
      options: { ...LEGACY, trustedSourceIps: ["203.0.113.0/24", "2001:db8:1::/48", "not-an-ip"] },
      events: spray(5, START, MINUTE, { sourceIp: "2001:db8:2::66" }),
      messageId: "spraying",
      evidence: { sourceIps: [{ ip: "2001:db8:2::66", count: 5 }] },
    },
    {
      name: "a lower distinctUsers option and a shorter window",
      entry,
      options: { ...LEGACY, distinctUsers: 3, windowMinutes: 10 },
      events: spray(3, START, 5 * MINUTE),
      messageId: "spraying",
      evidence: { usersTargeted: 3, distinctUsers: 3, windowMinutes: 10 },
    },
    {
      name: "at most 10 subs and 10 source IPs are listed",
      entry,
      options: LEGACY,
      events: byTime(Array.from({ length: 12 }, (_, ip) => spray(12, START, MINUTE, { sourceIp: `198.51.100.${ip + 1}` })).flat()),
      messageId: "spraying",
      evidence: { failedSignIns: 144, usersTargeted: 12, distinctSourceIps: 12, subs: ofLength(10), sourceIps: ofLength(10) },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("password-spraying details", () => {
  it("the busy day is busy and ordinary", () => {
    const events = BUSY_DAY.map((r) => normalise(r)!);
    const attempts = events.filter(isSignInAttempt).length;
    const failed = events.filter(isFailedSignIn);
    expect(attempts).toBeGreaterThan(4000);
    expect(failed.length / attempts).toBeGreaterThan(0.02);
    expect(failed.length / attempts).toBeLessThan(0.05);
    // The office NAT sees failures for many users over the day (up to 4 within an hour).
    expect(new Set(failed.filter((e) => e.sourceIp === OFFICE_IP).map((e) => e.sub)).size).toBeGreaterThanOrEqual(10);
  });

  it("keeps a spraying-free IP's state small however often one user fails", () => {
    const tracker = new BurstTracker({ windowMs: 60 * MINUTE, limit: 5, measure: distinctSubs, mergeSameSub: true });
    const start = Date.parse("2026-10-01T00:00:00Z");
    for (let i = 0; i < 20_000; i++) {
      const event = normalise(failure(start + i * 1000, { sub: subOf(i % 4) }))!;
      tracker.add("pool", SPRAYER, entryOf(event));
    }
    const state = (tracker as unknown as { states: Map<string, Map<string, { entries: unknown[] }>> }).states.get("pool")!.get(SPRAYER)!;
    expect(state.entries.length).toBeLessThanOrEqual(8);
    expect(tracker.result("pool")).toBeUndefined();
  });

  it("keeps state only for IPs active within about a window", () => {
    const tracker = new BurstTracker({ windowMs: 60 * MINUTE, limit: 5, measure: distinctSubs, mergeSameSub: true });
    const start = Date.parse("2026-10-01T00:00:00Z");
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      const event = normalise(failure(start + i * 60_000, { sub: subOf(i), sourceIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }))!;
      tracker.add("pool", event.sourceIp!, entryOf(event));
      most = Math.max(most, tracker.trackedKeys);
    }
    expect(most).toBeLessThanOrEqual(61 + 31);
  });
});
