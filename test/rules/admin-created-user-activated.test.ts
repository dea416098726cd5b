import rule from "../../rules/admin-created-user-activated.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { HIDDEN, apiEvent, managedLoginEvent, random } from "../helpers/events.js";
import { ACCOUNT, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const entry = poolEntry();
const POOL = entry.userPool.Id!;
const CLIENT = entry.clients![0]!.ClientId!;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SUPPORT = `arn:aws:sts::${ACCOUNT}:assumed-role/support-desk/agent-7`;
const MIGRATION = `arn:aws:sts::${ACCOUNT}:assumed-role/user-migration/job-1`;
const INTRUDER = `arn:aws:iam::${ACCOUNT}:user/ci-deployer`;
const VICTIM = "a1b2c3d4-1111-4111-8111-000000000001";

// Admin calls are AwsApiCall records (apiEvent): the envelope of the developer guide's example events,
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html,
// with the IAM caller in userIdentity, the request in requestParameters with the user name and
// passwords HIDDEN_DUE_TO_SECURITY_REASONS, and the user's sub in additionalEventData where Cognito
// logs it (https://docs.aws.amazon.com/cognito/latest/developerguide/logging-using-cloudtrail.html).
interface Call {
  principal?: string;
  sub?: string;
  username?: string;
  request?: Record<string, unknown>;
  errorCode?: string;
  sourceIp?: string;
  poolId?: string;
}
const admin = (name: string, time: number | string, o: Call = {}) =>
  apiEvent(name, {
    time,
    poolId: o.poolId ?? POOL,
    principal: o.principal ?? INTRUDER,
    sub: o.sub,
    errorCode: o.errorCode,
    sourceIp: o.sourceIp,
    request: { username: o.username ?? HIDDEN, ...o.request },
  });
const create = (time: number | string, o: Call = {}) =>
  admin("AdminCreateUser", time, { ...o, request: { userAttributes: HIDDEN, temporaryPassword: HIDDEN, desiredDeliveryMediums: ["EMAIL"], ...o.request } });
const setPassword = (time: number | string, o: Call = {}) => admin("AdminSetUserPassword", time, { ...o, request: { password: HIDDEN, permanent: true, ...o.request } });

const NOON = Date.parse("2026-11-25T12:00:00Z");

/**
 * An ordinary busy day: 4,000 sign-ins, and a support desk that creates 40 users (each gets the
 * invitation and sets their own password) and resets other users' passwords days after they joined.
 */
function busyDay(): CloudTrailRecord[] {
  const rand = random(17);
  const t0 = Date.parse("2026-11-25T00:00:00Z");
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    const sub = `user-${Math.floor(rand() * 1500)}`;
    if (i % 5 === 0) records.push(managedLoginEvent("Login_POST", { time, poolId: POOL, clientId: CLIENT, sub }));
    else records.push(apiEvent("InitiateAuth", { time, clientId: CLIENT, sub }));
  }
  for (let i = 0; i < 40; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    records.push(create(time, { principal: SUPPORT, sub: `new-${i}` }));
    records.push(apiEvent("RespondToAuthChallenge", { time: time + 3 * HOUR, clientId: CLIENT, sub: `new-${i}`, request: { challengeName: "NEW_PASSWORD_REQUIRED" } }));
    records.push(setPassword(time, { principal: SUPPORT, sub: `user-${i}`, request: { permanent: false } }));
  }
  return records.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
}

testRule(rule, {
  valid: [
    { name: "a benign busy day: users created by support set their own passwords", entry, events: busyDay() },
    { name: "a password set for another user than the one created", entry, events: [create(NOON, { sub: VICTIM }), setPassword(NOON + MINUTE, { sub: "a1b2c3d4-1111-4111-8111-000000000002" })] },
    {
      name: "two different subs are two users even with the same visible user name",
      entry,
      events: [create(NOON, { sub: VICTIM, username: "jane" }), setPassword(NOON + MINUTE, { sub: "a1b2c3d4-1111-4111-8111-000000000002", username: "jane" })],
    },
    { name: "an activation after the window is ordinary support", entry, events: [create(NOON, { sub: VICTIM }), setPassword(NOON + 25 * HOUR, { sub: VICTIM })] },
    { name: "a failed activation changed nothing", entry, events: [create(NOON, { sub: VICTIM }), setPassword(NOON + MINUTE, { sub: VICTIM, errorCode: "AccessDeniedException" })] },
    { name: "a failed creation created nobody", entry, events: [create(NOON, { sub: VICTIM, errorCode: "UsernameExistsException" }), setPassword(NOON + MINUTE, { sub: VICTIM })] },
    { name: "an activation before the creation is not its activation", entry, events: [setPassword(NOON, { sub: VICTIM }), create(NOON + MINUTE, { sub: VICTIM })] },
    {
      name: "hidden users: the same caller 40 minutes apart is not taken for one user",
      entry,
      events: [create(NOON), setPassword(NOON + 40 * MINUTE)],
    },
    { name: "hidden users: different callers minutes apart", entry, events: [create(NOON, { principal: SUPPORT }), setPassword(NOON + 2 * MINUTE)] },
    {
      name: "a migration role listed in allowedPrincipals",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/user-migration/*`] },
      events: [create(NOON, { principal: MIGRATION, sub: VICTIM, request: { messageAction: "SUPPRESS" } }), setPassword(NOON + MINUTE, { principal: MIGRATION, sub: VICTIM })],
      evidence: { allowedPairs: 1 },
    },
    { name: "a pair in another pool", entry, events: [create(NOON, { sub: VICTIM, poolId: "eu-west-1_Someone" }), setPassword(NOON + MINUTE, { sub: VICTIM, poolId: "eu-west-1_Someone" })] },
  ],
  invalid: [
    {
      name: "a user created with the invitation suppressed and given a permanent password",
      entry,
      events: [
        create(NOON, { sub: VICTIM, sourceIp: "203.0.113.9", request: { messageAction: "SUPPRESS" } }),
        setPassword(NOON + 2 * MINUTE, { sub: VICTIM, sourceIp: "203.0.113.9" }),
      ],
      messageId: "activated",
      severity: "high",
      data: { total: 1, principal: INTRUDER, time: "2026-11-25T12:02:00.000Z", operation: "AdminSetUserPassword" },
      evidence: {
        total: 1,
        activations: 1,
        pairs: [
          {
            created: "2026-11-25T12:00:00.000Z",
            createdBy: INTRUDER,
            createdFrom: "203.0.113.9",
            invitationSuppressed: true,
            activated: "2026-11-25T12:02:00.000Z",
            activatedBy: INTRUDER,
            activatedFrom: "203.0.113.9",
            operation: "AdminSetUserPassword",
            permanent: true,
            sub: VICTIM,
            matchedBy: "sub",
          },
        ],
      },
    },
    {
      name: "AdminConfirmSignUp after AdminCreateUser",
      entry,
      events: [create(NOON, { sub: VICTIM }), admin("AdminConfirmSignUp", NOON + 5 * HOUR, { sub: VICTIM })],
      messageId: "activated",
      evidence: { pairs: [{ operation: "AdminConfirmSignUp", invitationSuppressed: false, matchedBy: "sub" }] },
    },
    {
      name: "matched by a visible user name when no sub is logged",
      entry,
      events: [create(NOON, { username: "svc-backup" }), setPassword(NOON + 3 * HOUR, { username: "svc-backup", principal: SUPPORT })],
      messageId: "activated",
      evidence: { pairs: [{ createdBy: INTRUDER, activatedBy: SUPPORT, matchedBy: "username" }] },
    },
    {
      name: "hidden users: the same caller within 15 minutes",
      entry,
      events: [create(NOON), setPassword(NOON + 4 * MINUTE, { request: { permanent: false } })],
      messageId: "activated",
      evidence: { pairs: [{ matchedBy: "principal and time", permanent: false }] },
    },
    {
      name: "user names hidden with the documented HIDDEN_FOR_SECURITY_REASONS are not compared",
      entry,
      events: [create(NOON, { username: "HIDDEN_FOR_SECURITY_REASONS" }), setPassword(NOON + MINUTE, { username: "HIDDEN_FOR_SECURITY_REASONS", principal: SUPPORT }), setPassword(NOON + 2 * MINUTE, { username: "HIDDEN_FOR_SECURITY_REASONS" })],
      messageId: "activated",
      // Only the same caller's activation pairs: the hidden values are no user name to match.
      evidence: { total: 1, activations: 1, pairs: [{ activatedBy: INTRUDER, matchedBy: "principal and time" }] },
    },
    {
      name: "events out of order are paired by event time",
      entry,
      events: [setPassword(NOON + 10 * MINUTE, { sub: VICTIM }), create(NOON - 2 * HOUR, { sub: VICTIM }), create(NOON, { sub: VICTIM })],
      messageId: "activated",
      evidence: { total: 1, pairs: [{ created: "2026-11-25T12:00:00.000Z", activated: "2026-11-25T12:10:00.000Z" }] },
    },
    {
      name: "an allowed creator does not excuse an activation by someone else",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/user-migration/*`] },
      events: [create(NOON, { principal: MIGRATION, sub: VICTIM }), setPassword(NOON + MINUTE, { sub: VICTIM })],
      messageId: "activated",
      evidence: { pairs: [{ createdBy: MIGRATION, activatedBy: INTRUDER }] },
    },
    {
      name: "a shorter window still catches a quick pair",
      entry,
      options: { windowHours: 1 },
      events: [create(NOON, { sub: VICTIM }), setPassword(NOON + 50 * MINUTE, { sub: VICTIM })],
      messageId: "activated",
    },
    {
      name: "one backdoor user in a busy day",
      entry,
      events: [...busyDay(), create("2026-11-25T03:00:00Z", { sub: VICTIM, request: { messageAction: "SUPPRESS" } }), setPassword("2026-11-25T03:01:00Z", { sub: VICTIM })],
      messageId: "activated",
      evidence: { total: 1, activations: 1, pairs: [{ sub: VICTIM, createdBy: INTRUDER }] },
    },
    {
      name: "at most 20 pairs are listed, the most recent",
      entry,
      events: Array.from({ length: 25 }, (_, i) => [create(NOON + i * 30 * MINUTE, { sub: `backdoor-${i}` }), setPassword(NOON + i * 30 * MINUTE + MINUTE, { sub: `backdoor-${i}` })]).flat(),
      messageId: "activated",
      evidence: { total: 25, activations: 25, pairsNotListed: 5, pairs: Array.from({ length: 20 }, (_, i) => ({ sub: `backdoor-${i + 5}` })) },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});
