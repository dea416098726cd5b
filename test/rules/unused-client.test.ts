import rule from "../../rules/unused-client.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { apiEvent, managedLoginEvent, series, random } from "../helpers/events.js";
import { ACCOUNT, appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const WEB = "webClient0000000000000001";
const LEGACY = "legacyClient00000000000001";
const entry = poolEntry({ clients: [appClient({ ClientId: WEB }), appClient({ ClientId: LEGACY, CreationDate: "2024-03-01T10:00:00.000Z" })] });
const POOL = entry.userPool.Id!;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * An ordinary busy week through the web client: 6,000 sign-ins from 600 IPs and 1,500 users with ~3 %
 * wrong passwords, API and managed login, with token refreshes; sign-ups and password resets through
 * the legacy client only (which are not sign-ins).
 */
function busyWeek(start = "2026-11-18T00:00:00Z"): CloudTrailRecord[] {
  const rand = random(21);
  const t0 = Date.parse(start);
  const ip = () => `198.51.${100 + Math.floor(rand() * 3)}.${1 + Math.floor(rand() * 200)}`;
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < 6000; i++) {
    const time = t0 + Math.floor(rand() * 7 * DAY);
    const sub = `user-${Math.floor(rand() * 1500)}`;
    const failed = rand() < 0.03;
    if (i % 5 === 0) records.push(managedLoginEvent("Login_POST", { time, poolId: POOL, clientId: WEB, sourceIp: ip(), sub, status: failed ? 400 : 302 }));
    else if (i % 5 === 1) records.push(managedLoginEvent("Token_POST", { time, poolId: POOL, clientId: WEB, sourceIp: ip() }));
    else records.push(apiEvent("InitiateAuth", { time, clientId: WEB, sourceIp: ip(), sub, errorCode: failed ? "NotAuthorizedException" : undefined }));
  }
  for (let i = 0; i < 200; i++) {
    const time = t0 + Math.floor(rand() * 7 * DAY);
    records.push(apiEvent(i % 2 ? "SignUp" : "ForgotPassword", { time, clientId: LEGACY, sourceIp: ip() }));
  }
  return records.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
}

const week = busyWeek();
const NOON = "2026-11-25T12:00:00Z";
/** Events of a pool the snapshot does not know, in the same account and region: they show CloudTrail covered the region. */
const elsewhere = (from: string, days: number) => series(days + 1, from, DAY, (_, time) => apiEvent("InitiateAuth", { time, clientId: "someoneElsesClient" }));

testRule(rule, {
  valid: [
    { name: "a client used through the API", entry, clientId: WEB, events: [apiEvent("InitiateAuth", { time: NOON, clientId: WEB })] },
    { name: "a failed sign-in is activity too", entry, clientId: WEB, events: [apiEvent("InitiateAuth", { time: NOON, clientId: WEB, errorCode: "NotAuthorizedException" })] },
    { name: "a managed login sign-in", entry, clientId: WEB, events: [managedLoginEvent("Login_POST", { time: NOON, poolId: POOL, clientId: WEB })] },
    { name: "a machine-to-machine client that only calls the token endpoint", entry, clientId: WEB, events: [managedLoginEvent("Token_POST", { time: NOON, poolId: POOL, clientId: WEB })] },
    {
      name: "a back-end client signing in with AdminInitiateAuth",
      entry,
      clientId: WEB,
      events: [apiEvent("AdminInitiateAuth", { time: NOON, poolId: POOL, clientId: WEB, principal: `arn:aws:iam::${ACCOUNT}:role/backend` })],
    },
    { name: "a challenge response", entry, clientId: WEB, events: [apiEvent("RespondToAuthChallenge", { time: NOON, clientId: WEB })] },
    { name: "a token refresh through GetTokensFromRefreshToken", entry, clientId: WEB, events: [apiEvent("GetTokensFromRefreshToken", { time: NOON, clientId: WEB })] },
    { name: "the web client on a benign busy week", entry, clientId: WEB, events: week },
  ],
  invalid: [
    {
      name: "the legacy client on a benign busy week: sign-ups and resets are not sign-ins",
      entry,
      clientId: LEGACY,
      events: week,
      messageId: "unused",
      severity: "info",
      evidence: { signIns: 0, clientCreated: "2024-03-01T10:00:00.000Z" },
    },
    {
      name: "activity of another client of the pool does not count",
      entry,
      clientId: LEGACY,
      events: [apiEvent("InitiateAuth", { time: NOON, clientId: WEB }), managedLoginEvent("Token_POST", { time: NOON, poolId: POOL, clientId: WEB }), ...elsewhere("2026-11-18T00:00:00Z", 7)],
      messageId: "unused",
      evidence: { observedDays: 7.5 },
    },
    {
      name: "a shorter minimum window judges a short period",
      entry,
      clientId: LEGACY,
      options: { minimumDays: 1 },
      events: elsewhere("2026-11-24T00:00:00Z", 1),
      messageId: "unused",
      evidence: { observedDays: 1, eventsInRegion: 2 },
    },
    {
      name: "a period of 6.96 days reads as the 7.0 days the finding states",
      entry,
      clientId: LEGACY,
      events: [apiEvent("InitiateAuth", { time: "2026-11-18T00:00:00Z", clientId: WEB }), apiEvent("InitiateAuth", { time: Date.parse("2026-11-18T00:00:00Z") + 6.96 * DAY, clientId: WEB })],
      messageId: "unused",
      evidence: { observedDays: 7 },
    },
    {
      name: "a pool without any event of its own, in a region CloudTrail covered",
      entry,
      clientId: WEB,
      events: elsewhere("2026-11-01T00:00:00Z", 20),
      messageId: "unused",
      evidence: { observedFrom: "2026-11-01T00:00:00.000Z", observedTo: "2026-11-21T00:00:00.000Z", observedDays: 20, eventsInRegion: 21 },
    },
    {
      name: "events out of order: the observed period is still their earliest and latest",
      entry,
      clientId: LEGACY,
      events: [apiEvent("InitiateAuth", { time: "2026-11-20T08:00:00Z", clientId: WEB }), ...elsewhere("2026-11-10T00:00:00Z", 3), apiEvent("InitiateAuth", { time: "2026-11-05T12:00:00Z", clientId: WEB })],
      messageId: "unused",
      evidence: { observedFrom: "2026-11-05T12:00:00.000Z", observedTo: "2026-11-20T08:00:00.000Z", observedDays: 14.8, eventsInRegion: 6 },
    },
  ],
  notApplicable: [
    {
      name: "a client created after the events begin has not had the whole period",
      entry: poolEntry({ clients: [appClient({ ClientId: "brandNewClient", CreationDate: "2026-11-20T00:00:00.000Z" })] }),
      clientId: "brandNewClient",
      events: elsewhere("2026-11-01T00:00:00Z", 20),
    },
  ],
  notEvaluated: [
    { name: "no CloudTrail events were available", entry, clientId: LEGACY, reason: /CloudTrail/i },
    {
      name: "a day of events is too short to call a client unused (default minimum 7 days)",
      entry,
      clientId: LEGACY,
      events: elsewhere("2026-11-24T00:00:00Z", 1),
      reason: /span 1 days \(2026-11-24T00:00:00.000Z to 2026-11-25T00:00:00.000Z\), less than the 7 days \(option minimumDays\)/,
    },
    {
      name: "6.9 days are not a week",
      entry,
      clientId: LEGACY,
      events: [apiEvent("InitiateAuth", { time: "2026-11-18T00:00:00Z", clientId: WEB }), apiEvent("InitiateAuth", { time: Date.parse("2026-11-18T00:00:00Z") + 6.94 * DAY, clientId: WEB })],
      reason: /span 6\.9 days/,
    },
    {
      name: "a longer minimum window is not met by a busy week",
      entry,
      clientId: LEGACY,
      options: { minimumDays: 30 },
      events: week,
      reason: /less than the 30 days/,
    },
    {
      name: "events only from another region say nothing about this one",
      entry,
      clientId: LEGACY,
      events: elsewhere("2026-11-01T00:00:00Z", 5).map((r) => ({ ...r, awsRegion: "us-east-1" })),
      reason: /no CloudTrail events from eu-west-1/,
    },
  ],
});
