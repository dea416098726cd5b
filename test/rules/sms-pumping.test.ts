import rule from "../../rules/sms-pumping.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { apiEvent, managedLoginEvent, series, random } from "../helpers/events.js";
import { poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const POOL = entry.userPool.Id!;
const CLIENT = entry.clients![0]!.ClientId!;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Deterministic shuffle (Fisher–Yates). */
function shuffled<T>(items: T[], seed: number): T[] {
  const rand = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const timeOf = (r: CloudTrailRecord) => Date.parse(String(r.eventTime));
const byTime = (records: CloudTrailRecord[]) => [...records].sort((a, b) => timeOf(a) - timeOf(b));
/** Shuffles records within consecutive 5-minute slices, as CloudTrail log files do. */
function locallyShuffled(records: CloudTrailRecord[], seed: number): CloudTrailRecord[] {
  const slices = new Map<number, CloudTrailRecord[]>();
  for (const r of byTime(records)) {
    const slice = Math.floor(timeOf(r) / (5 * MINUTE));
    slices.set(slice, [...(slices.get(slice) ?? []), r]);
  }
  return [...slices.values()].flatMap((slice, i) => shuffled(slice, seed + i));
}

const signUp = (time: number, sourceIp = "203.0.113.9", sub?: string) =>
  apiEvent("SignUp", { time, clientId: CLIENT, sourceIp, ...(sub ? { response: { userSub: sub, userConfirmed: false } } : {}) });
const confirmSignUp = (time: number, errorCode?: string) => apiEvent("ConfirmSignUp", { time, clientId: CLIENT, sourceIp: "198.51.100.20", errorCode });

/**
 * An ordinary busy day: 4,000 sign-ins from 600 IPs and 1,500 users with ~3 % wrong passwords, 400
 * sign-ups (88 % confirmed within minutes, some after a resend) and 60 password resets (80 % completed),
 * API and managed login alike.
 */
function busyDay(start = "2026-11-25T00:00:00Z"): CloudTrailRecord[] {
  const rand = random(7);
  const t0 = Date.parse(start);
  const ip = () => `198.51.${100 + Math.floor(rand() * 3)}.${1 + Math.floor(rand() * 200)}`;
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    const sub = `user-${Math.floor(rand() * 1500)}`;
    const failed = rand() < 0.03;
    if (i % 5 === 0) records.push(managedLoginEvent("Login_POST", { time, poolId: POOL, clientId: CLIENT, sourceIp: ip(), sub, status: failed ? 400 : 302 }));
    else records.push(apiEvent("InitiateAuth", { time, clientId: CLIENT, sourceIp: ip(), sub, errorCode: failed ? "NotAuthorizedException" : undefined }));
  }
  for (let i = 0; i < 400; i++) {
    const time = t0 + Math.floor(rand() * (DAY - 30 * MINUTE));
    const from = ip();
    const sub = `new-${i}`;
    if (i % 4 === 0) records.push(managedLoginEvent("Signup_POST", { time, poolId: POOL, clientId: CLIENT, sourceIp: from }));
    else records.push(apiEvent("SignUp", { time, clientId: CLIENT, sourceIp: from, response: { userSub: sub } }));
    if (rand() < 0.1) records.push(apiEvent("ResendConfirmationCode", { time: time + 3 * MINUTE, clientId: CLIENT, sourceIp: from }));
    if (rand() < 0.88) records.push(apiEvent("ConfirmSignUp", { time: time + Math.floor(rand() * 10 * MINUTE), clientId: CLIENT, sourceIp: from }));
    else if (rand() < 0.5) records.push(apiEvent("ConfirmSignUp", { time: time + 5 * MINUTE, clientId: CLIENT, sourceIp: from, errorCode: "CodeMismatchException" }));
  }
  for (let i = 0; i < 60; i++) {
    const time = t0 + Math.floor(rand() * (DAY - 30 * MINUTE));
    const from = ip();
    records.push(apiEvent("ForgotPassword", { time, clientId: CLIENT, sourceIp: from }));
    if (rand() < 0.8) records.push(managedLoginEvent("ConfirmForgotPassword_POST", { time: time + 4 * MINUTE, poolId: POOL, clientId: CLIENT, sourceIp: from }));
  }
  return byTime(records);
}

const day = busyDay();
const NOON = "2026-11-25T12:00:00Z";
const noon = Date.parse(NOON);

testRule(rule, {
  valid: [
    { name: "no code traffic at all", entry, events: series(20, NOON, MINUTE, (i, time) => apiEvent("InitiateAuth", { time, clientId: CLIENT, sub: `u${i}` })) },
    { name: "49 sends without a confirmation: just below the threshold", entry, events: series(49, NOON, MINUTE, (_, t) => signUp(t)) },
    {
      name: "50 sends spread over 60 minutes and 2 seconds: just outside the window",
      entry,
      events: [...series(49, NOON, 73_000, (_, t) => signUp(t)), signUp(noon + 60 * MINUTE + 2000)],
    },
    {
      name: "60 sends with 12 confirmations: the ratio is not below 0.2",
      entry,
      events: [...series(60, NOON, 30_000, (_, t) => signUp(t)), ...series(12, "2026-11-25T12:10:00Z", MINUTE, (_, t) => confirmSignUp(t))],
    },
    {
      name: "failed sends are not counted",
      entry,
      events: series(80, NOON, 20_000, (_, time) => apiEvent("SignUp", { time, clientId: CLIENT, errorCode: "LimitExceededException" })),
    },
    {
      name: "managed login pages that failed (HTTP 400) sent nothing",
      entry,
      events: series(80, NOON, 20_000, (_, time) => managedLoginEvent("Signup_POST", { time, poolId: POOL, clientId: CLIENT, status: 400 })),
    },
    { name: "a benign busy day", entry, events: day },
    { name: "a benign busy day, delivered out of order", entry, events: locallyShuffled(day, 3) },
    {
      name: "a burst against another pool is not this pool's",
      entry,
      events: series(100, NOON, 10_000, (_, time) => apiEvent("SignUp", { time, clientId: "someoneElsesClient" })),
    },
    {
      name: "a lower ratio option accepts a few confirmations",
      entry,
      options: { minConfirmRatio: 0.05 },
      events: [...series(60, NOON, 30_000, (_, t) => signUp(t)), ...series(3, "2026-11-25T12:10:00Z", 5 * MINUTE, (_, t) => confirmSignUp(t))],
    },
  ],
  invalid: [
    {
      name: "exactly 50 sends within 59 minutes, none confirmed",
      entry,
      events: series(50, NOON, 72_000, (_, t) => signUp(t)),
      messageId: "pumping",
      severity: "high",
      evidence: { sends: 50, confirmations: 0, peakWindow: { sends: 50, confirmations: 0 } },
    },
    {
      name: "50 sends exactly 60 minutes apart end to end: inside the window",
      entry,
      events: [...series(49, NOON, 73_000, (_, t) => signUp(t)), signUp(noon + 60 * MINUTE)],
      messageId: "pumping",
      evidence: { sends: 50, firstEvent: "2026-11-25T12:00:00.000Z", lastEvent: "2026-11-25T13:00:00.000Z" },
    },
    {
      name: "60 sends with 11 confirmations: ratio just below 0.2",
      entry,
      events: [...series(60, NOON, 30_000, (_, t) => signUp(t)), ...series(11, "2026-11-25T12:10:00Z", MINUTE, (_, t) => confirmSignUp(t))],
      messageId: "pumping",
      evidence: { peakWindow: { sends: 60, confirmations: 11, confirmRatio: 0.183 } },
    },
    {
      name: "wrong codes are not confirmations",
      entry,
      events: [...series(60, NOON, 30_000, (_, t) => signUp(t)), ...series(40, NOON, 30_000, (_, t) => confirmSignUp(t + 1000, "CodeMismatchException"))],
      messageId: "pumping",
      evidence: { confirmations: 0 },
    },
    {
      name: "managed login pages and every sending API count",
      entry,
      events: [
        ...series(20, NOON, MINUTE, (_, time) => managedLoginEvent("Signup_POST", { time, poolId: POOL, clientId: CLIENT })),
        ...series(15, NOON, MINUTE, (_, time) => managedLoginEvent("ResendCode_POST", { time: time + 1000, poolId: POOL, clientId: CLIENT })),
        ...series(10, NOON, MINUTE, (_, time) => managedLoginEvent("ForgotPassword_POST", { time: time + 2000, poolId: POOL, clientId: CLIENT })),
        ...series(3, NOON, MINUTE, (_, time) => apiEvent("ResendConfirmationCode", { time: time + 3000, clientId: CLIENT })),
        ...series(2, NOON, MINUTE, (_, time) => apiEvent("ForgotPassword", { time: time + 4000, clientId: CLIENT })),
      ],
      messageId: "pumping",
      evidence: { sends: 50 },
    },
    {
      name: "events out of order",
      entry,
      events: shuffled(series(50, NOON, 72_000, (_, t) => signUp(t)), 11),
      messageId: "pumping",
      evidence: { sends: 50, firstEvent: "2026-11-25T12:00:00.000Z", lastEvent: "2026-11-25T12:58:48.000Z" },
    },
    {
      name: "events in reverse order within the tolerance",
      entry,
      events: series(50, NOON, 72_000, (_, t) => signUp(t)).reverse(),
      messageId: "pumping",
    },
    {
      name: "confirmations just before the burst do not hide it",
      entry,
      events: [...series(30, "2026-11-25T11:50:00Z", 20_000, (_, t) => confirmSignUp(t)), ...series(60, NOON, 30_000, (_, t) => signUp(t))],
      messageId: "pumping",
      evidence: { peakWindow: { sends: 60, confirmations: 0, start: "2026-11-25T12:00:00.000Z" } },
    },
    {
      name: "confirmations just before the burst do not hide it, with later traffic",
      entry,
      events: [
        ...series(30, "2026-11-25T11:50:00Z", 20_000, (_, t) => confirmSignUp(t)),
        ...series(60, NOON, 30_000, (_, t) => signUp(t)),
        ...series(5, "2026-11-25T15:00:00Z", 10 * MINUTE, (_, t) => signUp(t)),
      ],
      messageId: "pumping",
      evidence: { sends: 60, peakWindow: { sends: 60, confirmations: 0, start: "2026-11-25T12:00:00.000Z" } },
    },
    {
      name: "confirmations just after the burst do not hide it",
      entry,
      events: [...series(60, NOON, 30_000, (_, t) => signUp(t)), ...series(30, "2026-11-25T12:31:00Z", 20_000, (_, t) => confirmSignUp(t))],
      messageId: "pumping",
      evidence: { peakWindow: { sends: 60, confirmations: 0, end: "2026-11-25T12:29:30.000Z" } },
    },
    {
      name: "a burst in the middle of a busy day, delivered out of order",
      entry,
      events: locallyShuffled([...day, ...series(300, "2026-11-25T03:00:00Z", 6000, (i, t) => signUp(t, `203.0.113.${i % 4}`))], 5),
      messageId: "pumping",
    },
    {
      name: "a month of steady traffic with one burst",
      entry,
      events: [
        // 40 sends an hour for 30 days, each confirmed: never suspicious on its own.
        ...series(30 * 24 * 40, "2026-10-26T00:00:00Z", 90_000, (_, t) => signUp(t, "198.51.100.1")),
        ...series(30 * 24 * 40, "2026-10-26T00:01:00Z", 90_000, (_, t) => confirmSignUp(t)),
      ]
        .sort((a, b) => timeOf(a) - timeOf(b))
        .concat(series(200, "2026-11-20T06:00:00Z", 3000, (_, t) => signUp(t, "203.0.113.77")))
        .sort((a, b) => timeOf(a) - timeOf(b)),
      messageId: "pumping",
      evidence: { sourceIps: [{ ip: "203.0.113.77", count: 200 }, { ip: "198.51.100.1" }], totalSends: 28_800 + 200 },
    },
    {
      name: "an event later than the tolerance is counted but not placed in a window",
      entry,
      events: [...series(50, NOON, 72_000, (_, t) => signUp(t)), signUp(Date.parse("2026-11-25T15:00:00Z")), signUp(Date.parse("2026-11-25T13:00:00Z"))],
      messageId: "pumping",
      evidence: { sends: 50, totalSends: 52, lateEvents: 1 },
    },
    {
      name: "a lower threshold option",
      entry,
      options: { threshold: 10, windowMinutes: 5 },
      events: series(10, NOON, 30_000, (_, t) => signUp(t)),
      messageId: "pumping",
      evidence: { threshold: 10, windowMinutes: 5 },
    },
    {
      name: "evidence: counts, times, source IPs and subs",
      entry,
      events: [
        ...series(40, NOON, 60_000, (i, t) => signUp(t, "203.0.113.9", `fake-${i}`)),
        ...series(15, NOON, 60_000, (_, t) => signUp(t + 500, "192.0.2.44")),
        confirmSignUp(noon + 30 * MINUTE),
        ...series(100, "2026-11-25T18:00:00Z", 60_000, (_, t) => signUp(t, "192.0.2.200")),
        ...series(100, "2026-11-25T18:00:30Z", 60_000, (_, t) => confirmSignUp(t)),
      ],
      messageId: "pumping",
      evidence: {
        sends: 55,
        confirmations: 1,
        confirmRatio: 0.018,
        firstEvent: "2026-11-25T12:00:00.000Z",
        lastEvent: "2026-11-25T12:39:00.000Z",
        peakWindow: { start: "2026-11-25T12:00:00.000Z", end: "2026-11-25T12:39:00.000Z", sends: 55, confirmations: 1 },
        sourceIps: [
          { ip: "203.0.113.9", count: 40 },
          { ip: "192.0.2.44", count: 15 },
        ],
        // Ties in order of the sub: fake-0, fake-1, fake-10, …
        subs: Array.from({ length: 40 }, (_, i) => `fake-${i}`)
          .sort()
          .slice(0, 10)
          .map((sub) => ({ sub, count: 1 })),
        totalSends: 155,
        totalConfirmations: 101,
      },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});
