import { describe, expect, it } from "vitest";
import rule from "../../rules/slow-brute-force.js";
import { BurstTracker, entryOf, eventCount } from "../../src/behaviour/bursts.js";
import { isFailedSignIn, normalise } from "../../src/cloudtrail/normalise.js";
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
const HOUR = 60 * MINUTE;
const START = "2026-11-26T00:00:00Z";

const failure = (time: number, o: Partial<ApiEventOptions> = {}) =>
  apiEvent("InitiateAuth", { time, clientId, sub: VICTIM, sourceIp: ATTACKER, errorCode: "NotAuthorizedException", ...o });

/** Paced under the lockout: 5 guesses a minute apart, then a 16-minute pause, for `hours`. */
function paced(hours: number, make: (i: number, time: number) => CloudTrailRecord): CloudTrailRecord[] {
  const t0 = Date.parse(START);
  const out: CloudTrailRecord[] = [];
  for (let cycle = 0, i = 0; cycle * 20 * MINUTE < hours * HOUR; cycle++) for (let k = 0; k < 5; k++, i++) out.push(make(i, t0 + cycle * 20 * MINUTE + k * MINUTE));
  return out;
}
/** Managed-login failures without a sub from one IP (documented Login_POST shape, status 400). */
const pageFailure = (time: number, sourceIp = ATTACKER) => loginPost({ time, poolId, clientId, sourceIp, status: 400 });

const BUSY_DAY = busyDay(poolId, clientId);

testRule(rule, {
  valid: [
    { name: "no sign-in events in the window", entry, events: [] },
    { name: "29 failures for one user within a day", entry, events: series(29, START, 40 * MINUTE, (_, t) => failure(t)) },
    { name: "30 failures for one user over 24 hours and 1 second", entry, events: series(30, "2026-11-25T00:00:00Z", Math.ceil((24 * HOUR + 1000) / 29), (_, t) => failure(t)) },
    { name: "99 failures from one IP for many users, 3 each", entry, events: series(99, START, 10 * MINUTE, (i, t) => failure(t, { sub: subOf(i % 33) })) },
    { name: "99 managed-login failures without a sub from one IP in a day", entry, events: series(99, START, 14 * MINUTE, (_, t) => pageFailure(t)) },
    { name: "a busy ordinary day (the office NAT included)", entry, events: BUSY_DAY },
    {
      name: "a paced attack from a trusted address is only counted",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: paced(8, (_, t) => pageFailure(t)),
      evidence: { failedSignInsFromTrustedIps: 120 },
    },
    { name: "a higher userFailures option", entry, options: { userFailures: 60 }, events: paced(3, (_, t) => failure(t)) },
  ],
  invalid: [
    {
      name: "one user, 5 guesses every 16 minutes for 2 hours",
      entry,
      events: paced(2, (_, t) => failure(t)),
      messageId: "slowBruteForce",
      severity: "high",
      data: { windowHours: 24, users: 1, userFailures: 30, ips: 0, ipFailures: 100, failures: 30, first: "2026-11-26T00:00:00.000Z", last: "2026-11-26T01:44:00.000Z" },
      evidence: { perUser: { failedSignIns: 30, bursts: 1, subs: [{ sub: VICTIM, count: 30 }], sourceIps: [{ ip: ATTACKER, count: 30 }] } },
    },
    {
      name: "exactly 30 failures within exactly 24 hours",
      entry,
      events: series(30, "2026-11-25T00:00:00Z", Math.floor((24 * HOUR) / 29), (i, t) => failure(t, { sourceIp: `198.51.100.${i + 1}` })),
      messageId: "slowBruteForce",
      evidence: { perUser: { failedSignIns: 30, distinctSourceIps: 30, firstEvent: "2026-11-25T00:00:00.000Z", lastEvent: "2026-11-25T23:59:59.000Z" } },
    },
    {
      name: "managed login without a sub: one IP paced for 8 hours (documented Login_POST)",
      entry,
      events: paced(8, (_, t) => pageFailure(t)),
      messageId: "slowBruteForce",
      data: { windowHours: 24, users: 0, userFailures: 30, ips: 1, ipFailures: 100, failures: 120, first: "2026-11-26T00:00:00.000Z", last: "2026-11-26T07:44:00.000Z" },
      evidence: { perSourceIp: { failedSignIns: 120, sourceIps: [{ ip: ATTACKER, count: 120 }], operations: { Login_POST: 120 } } },
    },
    {
      name: "a paced attack out of order, hidden in a busy day",
      entry,
      events: [...BUSY_DAY.slice(0, 2000), ...paced(3, (_, t) => failure(t - 24 * HOUR + 10 * HOUR)).reverse(), ...BUSY_DAY.slice(2000)],
      messageId: "slowBruteForce",
      evidence: { perUser: { failedSignIns: 45, subs: [{ sub: VICTIM, count: 45 }] } },
    },
    {
      name: "a shorter window and lower thresholds",
      entry,
      options: { windowHours: 2, userFailures: 5, ipFailures: 8 },
      events: series(8, START, 15 * MINUTE, (i, t) => failure(t, { sub: subOf(i % 2) })),
      messageId: "slowBruteForce",
      data: expect.objectContaining({ windowHours: 2, ips: 1 }) as never,
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("slow-brute-force details", () => {
  it("the paced attack stays under brute-force's default (10 in 15 minutes)", () => {
    const tracker = new BurstTracker({ windowMs: 15 * MINUTE, limit: 10, measure: eventCount });
    for (const r of paced(8, (_, t) => failure(t))) tracker.add("pool", VICTIM, entryOf(normalise(r)!));
    expect(tracker.result("pool")).toBeUndefined();
  });

  it("the office NAT of the busy day fails well under the per-IP default", () => {
    const office = byTime(BUSY_DAY).map((r) => normalise(r)!).filter((e) => e.sourceIp === OFFICE_IP && isFailedSignIn(e));
    expect(office.length).toBeGreaterThan(20);
    expect(office.length).toBeLessThan(100);
  });
});
