// On the developer guide's GetCredentialsForIdentity and GetId records (test/helpers/documentedEvents.ts).
import rule from "../../rules/identity-pool-guest-credentials.js";
import { getCredentialsForIdentity, getId, USER_POOL_LOGINS } from "../helpers/documentedEvents.js";
import { identityPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const ID = "eu-west-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";
const OTHER = "eu-west-1:99999999-50b7-565c-0f56-34200EXAMPLE";
const guests = (extra = {}) => ({ identityPools: [identityPool({ IdentityPoolId: ID, IdentityPoolName: "app", AllowUnauthenticatedIdentities: true, ...extra })] });
/** What LookupEvents covers, pulled for both event sources. */
const LOOKUP = { eventSources: ["cognito-idp.amazonaws.com", "cognito-identity.amazonaws.com"], dataEvents: false };
const closed = { identityPools: [identityPool({ IdentityPoolId: ID, IdentityPoolName: "app" })] };
const guest = (time: string, sourceIp = "203.0.113.9", identityId = "eu-west-1:1cf667a2-49a6-454b-9e45-23199EXAMPLE") =>
  getCredentialsForIdentity({ time, identityPoolId: ID, sourceIp, identityId });

testRule(rule, {
  valid: [
    {
      name: "only authenticated credential grants (the guide's example, with logins)",
      region: guests(),
      events: [getId({ time: "2026-11-25T10:00:00Z", identityPoolId: ID, logins: USER_POOL_LOGINS }), getCredentialsForIdentity({ time: "2026-11-25T10:00:03Z", identityPoolId: ID, logins: USER_POOL_LOGINS })],
      evidence: { identityCalls: 2, guestGrants: 0, threshold: 1 },
    },
    {
      name: "a refused guest call gave no credentials",
      region: guests(),
      events: [getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: ID, errorCode: "NotAuthorizedException" })],
      evidence: { identityCalls: 1, guestGrants: 0, threshold: 1 },
    },
    {
      name: "guest grants of another identity pool",
      region: guests(),
      events: [getId({ time: "2026-11-25T09:00:00Z", identityPoolId: ID, logins: USER_POOL_LOGINS }), getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: OTHER })],
      evidence: { identityCalls: 1, guestGrants: 0, threshold: 1 },
    },
    {
      name: "logins hidden as a whole cannot be told from an authenticated call",
      region: guests(),
      events: [{ ...guest("2026-11-25T10:00:00Z"), requestParameters: { logins: "HIDDEN_DUE_TO_SECURITY_REASONS", identityId: "eu-west-1:1" } }],
      evidence: { identityCalls: 1, guestGrants: 0, threshold: 1 },
    },
    {
      name: "fewer grants than the threshold",
      region: guests(),
      options: { threshold: 3 },
      events: [guest("2026-11-25T10:00:00Z"), guest("2026-11-25T10:05:00Z")],
      evidence: { identityCalls: 2, guestGrants: 2, threshold: 3 },
    },
    { name: "a closed pool with no identity events", region: closed, events: [], evidence: { identityCalls: 0 } },
  ],
  invalid: [
    {
      name: "the first guest grant in the window",
      region: guests(),
      events: [getId({ time: "2026-11-25T09:59:58Z", identityPoolId: ID }), guest("2026-11-25T10:00:00Z")],
      messageId: "guestCredentials",
      severity: "medium",
      data: { name: "app", grants: 1, first: "2026-11-25T10:00:00.000Z", last: "2026-11-25T10:00:00.000Z", ips: 1 },
      evidence: { firstGrant: "2026-11-25T10:00:00.000Z", guestGrants: 1, guestIdentities: 1, sourceIps: [{ ip: "203.0.113.9", count: 1 }], identityCalls: 2, AllowUnauthenticatedIdentities: true },
    },
    {
      name: "grants from several IPs and identities: count, first time and source IPs",
      region: guests(),
      events: [
        guest("2026-11-25T12:00:00Z", "198.51.100.1", "eu-west-1:a"),
        guest("2026-11-25T10:00:00Z", "198.51.100.1", "eu-west-1:b"),
        guest("2026-11-25T11:00:00Z", "198.51.100.2", "eu-west-1:b"),
      ],
      messageId: "guestCredentials",
      data: { name: "app", grants: 3, first: "2026-11-25T10:00:00.000Z", last: "2026-11-25T12:00:00.000Z", ips: 2 },
      evidence: { guestGrants: 3, guestIdentities: 2, sourceIps: [{ ip: "198.51.100.1", count: 2 }, { ip: "198.51.100.2", count: 1 }] },
    },
    {
      name: "a hostile source IP is cut in the evidence",
      region: guests(),
      events: [guest("2026-11-25T10:00:00Z", "x".repeat(500), "eu-west-1:" + "a".repeat(300))],
      messageId: "guestCredentials",
      evidence: { sourceIps: [{ ip: `${"x".repeat(100)}…`, count: 1 }], guestIdentities: 1 },
    },
    {
      name: "empty logins are a guest call too",
      region: guests(),
      events: [getCredentialsForIdentity({ time: "2026-11-25T10:00:00Z", identityPoolId: ID, logins: {} })],
      messageId: "guestCredentials",
    },
    {
      name: "guest credentials from a pool the snapshot shows closed (changed during the window)",
      region: closed,
      events: [guest("2026-11-25T10:00:00Z")],
      messageId: "guestCredentials",
      evidence: { AllowUnauthenticatedIdentities: false },
    },
  ],
  notApplicable: [{ name: "no identity pools", region: { identityPools: [] }, events: [guest("2026-11-25T10:00:00Z")] }],
  notEvaluated: [
    { name: "a guest pool whose data events are not logged", region: guests(), events: [], reason: /data events/ },
    // LookupEvents returns management events only: even a pool closed to guests cannot be judged on it.
    { name: "a closed pool on LookupEvents records", region: closed, events: [], context: { eventCoverage: () => LOOKUP }, reason: /LookupEvents returns management events only/ },
    { name: "a guest pool on LookupEvents records", region: guests(), events: [], context: { eventCoverage: () => LOOKUP }, reason: /data events and LookupEvents returns management events only/ },
    { name: "no CloudTrail events available", region: guests(), reason: /no CloudTrail events/ },
  ],
});
