import { describe, expect, it } from "vitest";
import rule from "../../rules/distributed-spraying.js";
// API call and managed login records in the shapes CloudTrail logs them (see test/helpers/events.ts):
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html
import { apiEvent, busyDay, byTime, managedLoginEvent, series, subOf, type ApiEventOptions } from "../helpers/events.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const MINUTE = 60_000;
/** 05:45 UTC starts a 15-minute bucket; the busy day has no failure in it or the next one. */
const ATTACK = "2026-11-25T05:45:00Z";

const failure = (time: number, o: Partial<ApiEventOptions> = {}) => apiEvent("InitiateAuth", { time, clientId, errorCode: "NotAuthorizedException", ...o });

/**
 * `count` failed sign-ins `intervalMs` apart from `start`, each for its own user, from `ips` addresses
 * in turn (a botnet: a few attempts per address, one per user).
 */
const campaign = (count: number, start: string, intervalMs: number, ips: number, o: Partial<ApiEventOptions> = {}) =>
  series(count, start, intervalMs, (i, t) => failure(t, { sub: subOf(5000 + i), sourceIp: `198.18.${i % ips >> 8}.${(i % ips) & 255}`, ...o }));

const BUSY_DAY = busyDay(poolId, clientId);

/** A pool whose sign-ins fail often anyway: 60 failures every 15 minutes all day, 20 users from 20 addresses. */
const NOISY_DAY = byTime(
  series(96 * 60, "2026-11-25T00:00:00Z", 15_000, (i, t) => failure(t, { sub: subOf(i % 20), sourceIp: `100.64.1.${i % 20}` })),
);

testRule(rule, {
  valid: [
    { name: "no events in the window", entry, events: [] },
    { name: "a busy ordinary day", entry, events: BUSY_DAY },
    { name: "49 failures in one interval (one below the floor)", entry, events: byTime([...BUSY_DAY, ...campaign(49, ATTACK, 15_000, 49)]) },
    { name: "many failures from 9 addresses (fewer than minSourceIps; password-spraying's case)", entry, events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 9)]) },
    {
      name: "many failures from many addresses for 9 users (brute force of a few accounts)",
      entry,
      events: byTime([...BUSY_DAY, ...series(80, ATTACK, 10_000, (i, t) => failure(t, { sub: subOf(5000 + (i % 9)), sourceIp: `198.18.0.${i}` }))]),
    },
    {
      name: "a pool that fails often anyway: 200 failures are under 5 × its median of 60",
      entry,
      events: byTime([...NOISY_DAY, ...campaign(140, ATTACK, 6000, 100)]),
      evidence: { baselineMedian: 60, baselineBuckets: 96 },
    },
    { name: "successful sign-ins do not count", entry, events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 80, { errorCode: undefined })]) },
    { name: "other errors do not count", entry, events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 80, { errorCode: "PasswordResetRequiredException" })]) },
    {
      name: "a campaign against another pool of the snapshot",
      entry,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 80, { clientId: otherClientId })]),
    },
    {
      name: "failures from a trusted range are left out and counted",
      entry,
      options: { trustedSourceIps: ["198.18.0.0/15"] },
      events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 80)]),
      evidence: { failedSignInsFromTrustedIps: 80 },
    },
    { name: "a higher floor option", entry, options: { minFailures: 100 }, events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 80)]) },
  ],
  invalid: [
    {
      name: "80 users failing from 40 addresses in one interval of a busy day",
      entry,
      events: byTime([...BUSY_DAY, ...campaign(80, ATTACK, 10_000, 40)]),
      messageId: "spraying",
      severity: "high",
      evidence: {
        anomalousBuckets: 1,
        failedSignIns: 80,
        buckets: [{ start: "2026-11-25T05:45:00.000Z", failedSignIns: 80, distinctSourceIps: 40, distinctUsers: 80, failedSignInsWithoutSub: 0 }],
        // The busy day's ordinary mistypes: 2 in the median interval.
        baselineMedian: 2,
        baselineBuckets: 96,
        firstEvent: "2026-11-25T05:45:00.000Z",
        lastEvent: "2026-11-25T05:59:59.999Z",
        bucketMinutes: 15,
        multiplier: 5,
        minFailures: 50,
      },
    },
    {
      name: "exactly the floor: 50 failures from 10 addresses for 10 users",
      entry,
      events: byTime([...BUSY_DAY, ...series(50, ATTACK, 15_000, (i, t) => failure(t, { sub: subOf(5000 + (i % 10)), sourceIp: `198.18.0.${i % 10}` }))]),
      messageId: "spraying",
      evidence: { buckets: [expect.objectContaining({ failedSignIns: 50, distinctSourceIps: 10, distinctUsers: 10 })] },
    },
    {
      name: "managed login failures that name no user (status 400, no sub)",
      entry,
      events: byTime([
        ...BUSY_DAY,
        ...series(60, ATTACK, 12_000, (i, t) => managedLoginEvent("Login_POST", { time: t, poolId, clientId, sourceIp: `198.18.1.${i % 30}`, status: 400 })),
      ]),
      messageId: "spraying",
      evidence: { buckets: [expect.objectContaining({ distinctUsers: 0, failedSignInsWithoutSub: 60, distinctSourceIps: 30 })] },
    },
    {
      name: "unknown user names in the sprayed list count as failures",
      entry,
      events: byTime([...BUSY_DAY, ...campaign(60, ATTACK, 12_000, 60, { errorCode: "UserNotFoundException", sub: undefined })]),
      messageId: "spraying",
    },
    {
      name: "a campaign over two intervals",
      entry,
      events: byTime([...BUSY_DAY, ...campaign(120, "2026-11-25T05:52:30Z", 7500, 60)]),
      messageId: "spraying",
      evidence: { anomalousBuckets: 2, firstEvent: "2026-11-25T05:45:00.000Z", lastEvent: "2026-11-25T06:14:59.999Z" },
    },
    {
      name: "a pool that fails often anyway, far above its own baseline",
      entry,
      events: byTime([...NOISY_DAY, ...campaign(400, ATTACK, 2000, 100)]),
      messageId: "spraying",
      evidence: { baselineMedian: 60, buckets: [expect.objectContaining({ failedSignIns: 460 })] },
    },
    {
      name: "events out of order",
      entry,
      events: [...campaign(80, ATTACK, 10_000, 40).reverse(), ...BUSY_DAY],
      messageId: "spraying",
      evidence: { anomalousBuckets: 1 },
    },
    {
      name: "the campaign is reported on the pool attacked",
      entry: other,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: byTime([...BUSY_DAY, ...busyDay(otherPool.Id!, otherClientId), ...campaign(80, ATTACK, 10_000, 40, { clientId: otherClientId })]),
      messageId: "spraying",
    },
    {
      name: "distinct addresses and users are counted up to 100 per interval",
      entry,
      events: byTime([...BUSY_DAY, ...campaign(450, ATTACK, 2000, 300)]),
      messageId: "spraying",
      evidence: { failedSignIns: 450, buckets: [expect.objectContaining({ failedSignIns: 450, distinctSourceIps: 100, distinctUsers: 100 })] },
    },
    {
      name: "smaller options: 5-minute intervals, a floor of 10",
      entry,
      options: { bucketMinutes: 5, minFailures: 10, minSourceIps: 5, minUsers: 5 },
      events: byTime([...BUSY_DAY, ...campaign(12, ATTACK, 20_000, 6)]),
      messageId: "spraying",
      evidence: { bucketMinutes: 5, minFailures: 10, buckets: [expect.objectContaining({ failedSignIns: 12 })] },
    },
  ],
  notEvaluated: [
    { name: "no CloudTrail events were available", entry, reason: /CloudTrail/i },
    { name: "a campaign but no baseline: the pool's events span one interval", entry, events: campaign(80, ATTACK, 10_000, 40), reason: /baseline/ },
  ],
});

describe("distributed-spraying details", () => {
  it("the busy day's failures stay far below the floor in every interval", () => {
    const perBucket = new Map<number, number>();
    for (const r of BUSY_DAY) {
      if (!r.errorCode) continue;
      const bucket = Math.floor(Date.parse(String(r.eventTime)) / (15 * MINUTE));
      perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
    }
    // The floor (50) is far above what an ordinary busy day fails in a quarter of an hour.
    expect(Math.max(...perBucket.values())).toBeLessThan(25);
    expect(perBucket.size).toBeGreaterThan(40);
  });
});
