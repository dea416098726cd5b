import { expect } from "vitest";
import rule from "../../rules/identity-pool-open-signup.js";
import { identityPool, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";
import type { IdentityPool, IdentityPoolRoles, UserPoolEntry } from "../../src/snapshot/types.js";

const AUTH_ROLE = "arn:aws:iam::123456789012:role/auth";
const signUp = (open: boolean, overrides: Parameters<typeof userPool>[0] = {}) =>
  poolEntry({ userPool: userPool({ Name: open ? "public" : "closed", AdminCreateUserConfig: { AllowAdminCreateUserOnly: !open }, ...overrides }) });
const providerOf = (entry: UserPoolEntry) => `cognito-idp.eu-west-1.amazonaws.com/${entry.userPool.Id}`;

function trusting(entry: UserPoolEntry, roles: IdentityPoolRoles | null = { Roles: { authenticated: AUTH_ROLE } }): IdentityPool {
  return identityPool({
    IdentityPoolName: "app",
    CognitoIdentityProviders: [{ ProviderName: providerOf(entry), ClientId: "c1", ServerSideTokenCheck: true }],
    ...(roles ? { roles } : {}),
  });
}

const closed = signUp(false);
const open = signUp(true);
const gated = signUp(true, { LambdaConfig: { PreSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:screen" } });
const mapped = signUp(true);
const noRole = signUp(true);
const elsewhere = signUp(true);
const unread = signUp(true);
const unreadPool = trusting(unread, null);

testRule(rule, {
  valid: [
    { name: "the user pool allows admin-created users only", entry: closed, region: { identityPools: [trusting(closed)] }, evidence: { IdentityPoolId: expect.any(String), authenticatedRole: AUTH_ROLE } },
    { name: "no authenticated role and no role mapping: no credentials", entry: noRole, region: { identityPools: [trusting(noRole, { Roles: { unauthenticated: "arn:aws:iam::123456789012:role/guest" } })] } },
  ],
  invalid: [
    {
      name: "open self sign-up and an authenticated role",
      entry: open,
      region: { identityPools: [trusting(open)] },
      messageId: "openSignUp",
      severity: "medium",
      data: { name: "app", role: AUTH_ROLE, pool: "public", gate: "" },
      evidence: { openUserPools: [{ userPool: "public", role: AUTH_ROLE, preSignUpTrigger: null }] },
    },
    {
      name: "a PreSignUp trigger is named in the message",
      entry: gated,
      region: { identityPools: [trusting(gated)] },
      messageId: "openSignUp",
      data: { name: "app", role: AUTH_ROLE, pool: "public", gate: " (a PreSignUp trigger screens sign-ups)" },
    },
    {
      name: "a role mapping gives the credentials",
      entry: mapped,
      region: { identityPools: [trusting(mapped, { Roles: {}, RoleMappings: { [`${providerOf(mapped)}:c1`]: { Type: "Token", AmbiguousRoleResolution: "Deny" } } })] },
      messageId: "openSignUp",
      evidence: { authenticatedRole: null, openUserPools: [expect.objectContaining({ role: "role mapping Token" })] },
    },
  ],
  notApplicable: [{ name: "no user pool provider", region: { identityPools: [identityPool()] } }],
  notEvaluated: [
    {
      name: "the roles could not be read",
      entry: unread,
      region: { identityPools: [unreadPool], errors: [{ operation: "GetIdentityPoolRoles", code: "AccessDeniedException", message: "denied", resource: unreadPool.IdentityPoolId! }] },
      reason: /GetIdentityPoolRoles failed with AccessDeniedException/,
    },
    { name: "the user pool is not in the snapshot", region: { identityPools: [trusting(elsewhere)] }, reason: /is not in the snapshot/ },
  ],
});
