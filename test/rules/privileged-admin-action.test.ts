import rule from "../../rules/privileged-admin-action.js";
import type { CloudTrailRecord } from "../../src/cloudtrail/sources.js";
import { HIDDEN, apiEvent, managedLoginEvent, random } from "../helpers/events.js";
import { ACCOUNT, poolEntry } from "../helpers/factories.js";
import { testRule, type InvalidCase } from "../helpers/ruleTester.js";

const entry = poolEntry();
const POOL = entry.userPool.Id!;
const CLIENT = entry.clients![0]!.ClientId!;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SUPPORT = `arn:aws:sts::${ACCOUNT}:assumed-role/support-desk/agent-7`;
const INTRUDER = `arn:aws:iam::${ACCOUNT}:user/ci-deployer`;

/**
 * An ordinary busy day: 4,000 sign-ins from 600 IPs and 1,500 users with ~3 % wrong passwords (API and
 * managed login), sign-ups, and routine read-only admin calls of a back office.
 */
function busyDay(start = "2026-11-25T00:00:00Z"): CloudTrailRecord[] {
  const rand = random(9);
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
  for (let i = 0; i < 200; i++) {
    const time = t0 + Math.floor(rand() * DAY);
    records.push(apiEvent(i % 2 ? "AdminGetUser" : "ListUsers", { time, poolId: POOL, principal: SUPPORT, request: { username: HIDDEN } }));
    records.push(apiEvent("SignUp", { time, clientId: CLIENT, sourceIp: ip() }));
  }
  return records.sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)));
}

const NOON = "2026-11-25T12:00:00Z";
const noon = Date.parse(NOON);
const admin = (name: string, time: number | string, o: { principal?: string; request?: Record<string, unknown>; sourceIp?: string; sub?: string; errorCode?: string; poolId?: string } = {}) =>
  apiEvent(name, { time, poolId: o.poolId ?? POOL, principal: "principal" in o ? o.principal : INTRUDER, sourceIp: o.sourceIp, sub: o.sub, errorCode: o.errorCode, request: { username: HIDDEN, ...o.request } });
const attributes = (...names: string[]) => ({ userAttributes: names.map((name) => ({ name, value: HIDDEN })) });

// Admin calls are AwsApiCall records (apiEvent): the envelope of the developer guide's example events,
// https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html,
// with the IAM caller in userIdentity and the request in requestParameters (the user name
// HIDDEN_DUE_TO_SECURITY_REASONS, https://docs.aws.amazon.com/cognito/latest/developerguide/logging-using-cloudtrail.html).
const otherActions = [
  "AdminSetUserPassword",
  "AdminAddUserToGroup",
  "AdminLinkProviderForUser",
  "AdminSetUserMFAPreference",
  "AdminDisableProviderForUser",
  "AdminResetUserPassword",
  "AdminConfirmSignUp",
  "AdminEnableUser",
  "AdminDisableUser",
  "AdminDeleteUser",
  "AdminUserGlobalSignOut",
  "AdminRemoveUserFromGroup",
];
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cognito-admins`;
const eachAction: InvalidCase[] = otherActions.map((name) => ({
  name: `${name} surfaces`,
  entry,
  events: [admin(name, NOON)],
  messageId: "adminActions",
  severity: "medium",
  evidence: { total: 1, actions: { [name]: 1 }, principals: [{ principal: INTRUDER, count: 1 }] },
}));

testRule(rule, {
  valid: [
    { name: "a benign busy day with read-only admin calls", entry, events: busyDay() },
    { name: "read-only admin calls", entry, events: [admin("AdminGetUser", NOON), admin("ListUsersInGroup", NOON), admin("AdminListGroupsForUser", NOON)] },
    {
      name: "AdminUpdateUserAttributes on ordinary attributes",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: attributes("given_name", "locale", "email_verified") })],
    },
    {
      name: "failed admin calls changed nothing",
      entry,
      events: [admin("AdminSetUserPassword", NOON, { errorCode: "AccessDeniedException" }), admin("AdminAddUserToGroup", NOON, { errorCode: "UserNotFoundException" })],
    },
    {
      name: "actions of an allowed principal",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/support-desk/*`] },
      events: [admin("AdminResetUserPassword", NOON, { principal: SUPPORT }), admin("AdminSetUserMFAPreference", NOON, { principal: SUPPORT })],
    },
    {
      name: "groups created or updated without a role grant nothing",
      entry,
      events: [admin("CreateGroup", NOON, { request: { groupName: "beta-testers", description: "x" } }), admin("UpdateGroup", NOON, { request: { groupName: "beta-testers", precedence: 3 } })],
    },
    { name: "admin actions on another pool", entry, events: [admin("AdminSetUserPassword", NOON, { poolId: "eu-west-1_Someone" })] },
    { name: "end-user calls with similar names are not admin actions", entry, events: [
        apiEvent("UpdateUserAttributes", { time: NOON, clientId: CLIENT, request: attributes("email") }),
        apiEvent("SetUserMFAPreference", { time: NOON, clientId: CLIENT }),
      ],
    },
  ],
  invalid: [
    ...eachAction,
    {
      name: "AdminUpdateUserAttributes changing email",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: attributes("email", "given_name") })],
      messageId: "adminActions",
      evidence: { actions: { AdminUpdateUserAttributes: 1 }, attributes: { email: 1 } },
    },
    {
      name: "AdminUpdateUserAttributes changing phone_number",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: attributes("phone_number") })],
      messageId: "adminActions",
      evidence: { attributes: { phone_number: 1 } },
    },
    {
      name: "AdminUpdateUserAttributes changing a custom attribute, keys in another case",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: { UserAttributes: [{ Name: "custom:tenant", Value: "acme" }] } })],
      messageId: "adminActions",
      evidence: { attributes: { "custom:tenant": 1 } },
    },
    {
      name: "AdminUpdateUserAttributes with a hidden attribute list cannot be ruled out",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: { userAttributes: HIDDEN } })],
      messageId: "adminActions",
      evidence: { hiddenAttributeLists: 1 },
    },
    {
      name: "AdminUpdateUserAttributes with a hidden attribute name cannot be ruled out",
      entry,
      events: [admin("AdminUpdateUserAttributes", NOON, { request: { userAttributes: [{ name: HIDDEN, value: HIDDEN }, { name: "locale", value: "de" }] } })],
      messageId: "adminActions",
      evidence: { hiddenAttributeLists: 1 },
    },
    {
      name: "evidence: each principal with its actions, counts, times, IPs and subs (events out of order)",
      entry,
      events: [
        admin("AdminSetUserPassword", "2026-11-25T12:30:00Z", { sourceIp: "203.0.113.5", sub: "victim-2" }),
        admin("AdminAddUserToGroup", "2026-11-25T12:10:00Z", { sourceIp: "203.0.113.5", sub: "victim-1", request: { groupName: "admins" } }),
        admin("AdminSetUserPassword", "2026-11-25T12:20:00Z", { sourceIp: "203.0.113.5", sub: "victim-1" }),
        admin("AdminResetUserPassword", "2026-11-25T09:00:00Z", { principal: SUPPORT, sourceIp: "10.0.0.8", sub: "user-3" }),
        admin("AdminSetUserPassword", "2026-11-25T08:00:00Z", { principal: undefined, sourceIp: "192.0.2.1" }),
      ],
      messageId: "adminActions",
      evidence: {
        total: 5,
        firstEvent: "2026-11-25T08:00:00.000Z",
        lastEvent: "2026-11-25T12:30:00.000Z",
        actions: { AdminSetUserPassword: 3, AdminAddUserToGroup: 1, AdminResetUserPassword: 1 },
        principals: [
          {
            principal: INTRUDER,
            count: 3,
            actions: { AdminSetUserPassword: 2, AdminAddUserToGroup: 1 },
            firstEvent: "2026-11-25T12:10:00.000Z",
            lastEvent: "2026-11-25T12:30:00.000Z",
          },
          { principal: "(no IAM identity in the record)", count: 1, actions: { AdminSetUserPassword: 1 } },
          { principal: SUPPORT, count: 1, actions: { AdminResetUserPassword: 1 }, firstEvent: "2026-11-25T09:00:00.000Z" },
        ],
        sourceIps: [
          { ip: "203.0.113.5", count: 3 },
          { ip: "10.0.0.8", count: 1 },
          { ip: "192.0.2.1", count: 1 },
        ],
        subs: [
          { sub: "victim-1", count: 2 },
          { sub: "user-3", count: 1 },
          { sub: "victim-2", count: 1 },
        ],
        groups: { admins: 1 },
      },
    },
    {
      name: "a group created with a role is an admin action, with its role in the evidence",
      entry,
      events: [admin("CreateGroup", NOON, { request: { groupName: "admins", roleArn: ROLE, precedence: 0 } })],
      messageId: "adminActions",
      severity: "medium",
      evidence: { actions: { CreateGroup: 1 }, groupRoles: [{ group: "admins", roleArn: ROLE, operation: "CreateGroup", time: "2026-11-25T12:00:00.000Z" }] },
    },
    {
      name: "a group updated with a hidden role cannot be ruled out",
      entry,
      events: [admin("UpdateGroup", NOON, { request: { GroupName: "admins", RoleArn: HIDDEN } })],
      messageId: "adminActions",
      evidence: { actions: { UpdateGroup: 1 }, groupRoles: [{ group: "admins", roleArn: HIDDEN, operation: "UpdateGroup" }] },
    },
    {
      name: "removing a user from a group names the group",
      entry,
      events: [admin("AdminRemoveUserFromGroup", NOON, { request: { groupName: "mfa-enforced" } })],
      messageId: "adminActions",
      evidence: { removedFromGroups: { "mfa-enforced": 1 } },
    },
    {
      name: "an allowed principal does not hide another one",
      entry,
      options: { allowedPrincipals: [`arn:aws:sts::${ACCOUNT}:assumed-role/support-desk/*`] },
      events: [admin("AdminResetUserPassword", NOON, { principal: SUPPORT }), admin("AdminLinkProviderForUser", noon + MINUTE)],
      messageId: "adminActions",
      evidence: { total: 1, principals: [{ principal: INTRUDER, count: 1, actions: { AdminLinkProviderForUser: 1 } }], allowedPrincipalActions: 1 },
    },
    {
      name: "one admin action in a busy day",
      entry,
      events: [...busyDay(), admin("AdminSetUserPassword", "2026-11-25T03:17:00Z")],
      messageId: "adminActions",
      evidence: { total: 1, firstEvent: "2026-11-25T03:17:00.000Z", lastEvent: "2026-11-25T03:17:00.000Z" },
    },
  ],
  notEvaluated: [{ name: "no CloudTrail events were available", entry, reason: /CloudTrail/i }],
});
