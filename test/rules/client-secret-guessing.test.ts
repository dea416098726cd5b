import { describe, expect, it } from "vitest";
import rule from "../../rules/client-secret-guessing.js";
import { grantType, isTokenRefusal } from "../../src/behaviour/failures.js";
import { normalise } from "../../src/cloudtrail/normalise.js";
import { byTime, series } from "../helpers/events.js";
// Token_POST in the developer guide's documented shape (see the helper's source URL).
import { tokenPost, type TokenPostOptions } from "../helpers/documentedEvents.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const poolId = entry.userPool.Id!;
const clientId = entry.clients![0]!.ClientId!;
const otherPool = userPool();
const other = poolEntry({ userPool: otherPool, clients: [appClient({ UserPoolId: otherPool.Id })] });
const otherClientId = other.clients![0]!.ClientId!;

const GUESSER = "203.0.113.88";
const MINUTE = 60_000;
const START = "2026-11-26T10:00:00Z";

/** A refused client_credentials request as the guide documents it: status 400, "errorCode": "400". */
const refused = (time: string | number, o: Partial<TokenPostOptions> = {}) =>
  tokenPost({ time, poolId, clientId, sourceIp: GUESSER, grantType: "client_credentials", status: 400, errorCode: "400", ...o });
const refusals = (count: number, start: string, intervalMs: number, o: Partial<TokenPostOptions> = {}) => series(count, start, intervalMs, (_, t) => refused(t, o));

/** A backend fetching a client_credentials token every 5 minutes all day. */
const M2M_DAY = series(288, "2026-11-25T00:00:00Z", 5 * MINUTE, (_, t) => tokenPost({ time: t, poolId, clientId, sourceIp: "192.0.2.50", grantType: "client_credentials", status: 200, errorCode: "" }));

testRule(rule, {
  valid: [
    { name: "no events in the window", entry, events: [] },
    { name: "19 refusals within 15 minutes (one below the threshold)", entry, events: refusals(19, START, 45_000) },
    { name: "20 refusals over 15 minutes and 1 second", entry, events: refusals(20, START, Math.ceil((15 * MINUTE + 1000) / 19)) },
    { name: "a machine-to-machine client's ordinary day of granted tokens", entry, events: M2M_DAY },
    { name: "refused code exchanges are users' stale codes", entry, events: refusals(40, START, 10_000, { grantType: "authorization_code" }) },
    { name: "refused refreshes are revoked or expired refresh tokens", entry, events: refusals(40, START, 10_000, { grantType: "refresh_token" }) },
    { name: "5xx answers are Cognito's failures, not guesses", entry, events: refusals(40, START, 10_000, { status: 500, errorCode: "500" }) },
    { name: "other managed login pages do not count", entry, events: refusals(40, START, 10_000).map((r) => ({ ...r, eventName: "Login_POST" })) },
    {
      name: "20 refusals spread over two clients",
      entry: poolEntry({ userPool: entry.userPool, clients: [entry.clients![0]!, appClient({ UserPoolId: poolId, ClientId: "2example23456789abcdefghij" })] }),
      events: byTime([...refusals(10, START, MINUTE), ...refusals(10, START, MINUTE, { clientId: "2example23456789abcdefghij" })]),
    },
    { name: "refusals of a pool the snapshot does not know", entry, events: refusals(40, START, 10_000, { poolId: "eu-west-1_Unknown99", clientId: "unknownclient" }) },
    {
      name: "refusals against another pool of the snapshot",
      entry,
      region: { userPools: [entry, other] },
      resource: `/${poolId}`,
      events: refusals(40, START, 10_000, { poolId: otherPool.Id!, clientId: otherClientId }),
    },
    {
      name: "refusals from a trusted range are only counted",
      entry,
      options: { trustedSourceIps: ["203.0.113.0/24"] },
      events: refusals(40, START, 10_000),
      evidence: { refusalsFromTrustedIps: 40 },
    },
    {
      name: "refusals whose client id is hidden are only counted",
      entry,
      events: refusals(40, START, 10_000, { clientId: "HIDDEN_DUE_TO_SECURITY_REASONS" }),
      evidence: { refusalsWithoutClientId: 40 },
    },
    { name: "a higher threshold option", entry, options: { threshold: 50 }, events: refusals(40, START, 10_000) },
  ],
  invalid: [
    {
      name: "exactly 20 refused client_credentials requests within exactly 15 minutes",
      entry,
      events: refusals(20, START, (15 * MINUTE) / 19),
      messageId: "guessing",
      severity: "high",
      data: { clients: 1, threshold: 20, windowMinutes: 15, refusals: 20, ips: 1, first: "2026-11-26T10:00:00.000Z", last: "2026-11-26T10:15:00.000Z" },
      evidence: {
        refusedTokenRequests: 20,
        clientsTargeted: 1,
        clientIds: [clientId],
        sourceIps: [{ ip: GUESSER, count: 20 }],
        operations: { Token_POST: 20 },
        threshold: 20,
        windowMinutes: 15,
      },
    },
    {
      name: "the documented errorCode 400 alone, without a logged status",
      entry,
      events: refusals(20, START, 10_000, { status: undefined }),
      messageId: "guessing",
      evidence: { refusedTokenRequests: 20 },
    },
    {
      name: "a logged 401 status, grant type not logged",
      entry,
      events: refusals(20, START, 10_000, { status: 401, errorCode: "", grantType: undefined }),
      messageId: "guessing",
      evidence: { refusedTokenRequests: 20 },
    },
    {
      name: "an OAuth error name as the error code",
      entry,
      events: refusals(20, START, 10_000, { status: undefined, errorCode: "invalid_client" }),
      messageId: "guessing",
    },
    {
      name: "guessing from rotating addresses, hidden in a day of granted tokens",
      entry,
      events: byTime([...M2M_DAY, ...series(25, "2026-11-25T13:00:00Z", 20_000, (i, t) => refused(t, { sourceIp: `198.51.100.${i + 1}` }))]),
      messageId: "guessing",
      evidence: { refusedTokenRequests: 25, distinctSourceIps: 25, firstEvent: "2026-11-25T13:00:00.000Z", lastEvent: "2026-11-25T13:08:00.000Z" },
    },
    {
      name: "events out of order",
      entry,
      events: [...refusals(10, "2026-11-26T10:05:00Z", 10_000), ...refusals(10, START, 10_000)].reverse(),
      messageId: "guessing",
      evidence: { refusedTokenRequests: 20, firstEvent: "2026-11-26T10:00:00.000Z" },
    },
    {
      name: "the guessing is reported on the pool of the client",
      entry: other,
      region: { userPools: [entry, other] },
      resource: `/${otherPool.Id}`,
      events: refusals(20, START, 10_000, { poolId: otherPool.Id!, clientId: otherClientId }),
      messageId: "guessing",
      evidence: { clientIds: [otherClientId] },
    },
    {
      name: "a lower threshold option and a shorter window",
      entry,
      options: { threshold: 5, windowMinutes: 1 },
      events: refusals(5, START, 15_000),
      messageId: "guessing",
      evidence: { refusedTokenRequests: 5, threshold: 5, windowMinutes: 1 },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});

describe("client-secret-guessing details", () => {
  const of = (o: Partial<TokenPostOptions>) => normalise(tokenPost({ time: START, poolId, clientId, ...o }))!;
  it("a refusal is a Token_POST with a 4xx status or error code", () => {
    expect(isTokenRefusal(of({ status: 400, errorCode: "400" }))).toBe(true);
    expect(isTokenRefusal(of({ errorCode: "400" }))).toBe(true);
    expect(isTokenRefusal(of({ status: 200, errorCode: "" }))).toBe(false);
    expect(isTokenRefusal(of({ status: 200 }))).toBe(false);
    expect(isTokenRefusal(of({ status: 503, errorCode: "503" }))).toBe(false);
    expect(isTokenRefusal(of({ errorCode: "500" }))).toBe(false);
  });
  it("reads the logged grant type, and nothing that is not a grant type's name", () => {
    expect(grantType(of({ grantType: "client_credentials" }))).toBe("client_credentials");
    expect(grantType(of({}))).toBeUndefined();
    expect(grantType(of({ grantType: "HIDDEN_DUE_TO_SECURITY_REASONS" }))).toBeUndefined();
    expect(grantType(of({ grantType: "client_credentials\u001b[31m" }))).toBeUndefined();
  });
});
