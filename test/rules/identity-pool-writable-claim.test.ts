import { expect } from "vitest";
import rule from "../../rules/identity-pool-writable-claim.js";
import { appClient, identityPool, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";
import type { IdentityPool, UserPool, UserPoolEntry } from "../../src/snapshot/types.js";

const schema: UserPool["SchemaAttributes"] = [
  { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true },
  { Name: "email", AttributeDataType: "String", Mutable: true },
  { Name: "custom:tenant", AttributeDataType: "String", Mutable: true },
  { Name: "custom:plan", AttributeDataType: "String", Mutable: false },
];

/** A user pool whose one client may write the listed attributes (an empty list: every attribute). */
function pool(writeAttributes: string[] | undefined, overrides: Partial<UserPoolEntry> = {}): UserPoolEntry {
  const up = userPool({ SchemaAttributes: schema });
  return poolEntry({ userPool: up, clients: [appClient({ ClientName: "web", UserPoolId: up.Id, WriteAttributes: writeAttributes })], ...overrides });
}

const provider = (entry: UserPoolEntry) => `cognito-idp.eu-west-1.amazonaws.com/${entry.userPool.Id}`;

/** An identity pool trusting the user pool, with role-mapping rules on `ruleClaim` and principal tags. */
function trusting(entry: UserPoolEntry, o: { ruleClaim?: string; tags?: Record<string, string> | null; type?: "Rules" | "Token"; roles?: boolean } = {}): IdentityPool {
  const name = provider(entry);
  const clientId = entry.clients?.[0]?.ClientId ?? "c";
  return identityPool({
    IdentityPoolName: "app",
    CognitoIdentityProviders: [{ ProviderName: name, ClientId: clientId, ServerSideTokenCheck: true }],
    ...(o.roles === false
      ? {}
      : {
          roles: {
            Roles: { authenticated: "arn:aws:iam::123456789012:role/auth" },
            RoleMappings: o.ruleClaim
              ? {
                  [`${name}:${clientId}`]: {
                    Type: o.type ?? "Rules",
                    AmbiguousRoleResolution: "Deny",
                    RulesConfiguration: { Rules: [{ Claim: o.ruleClaim, MatchType: "Equals", Value: "acme", RoleARN: "arn:aws:iam::123456789012:role/acme" }] },
                  },
                }
              : {},
          },
        }),
    principalTags: { [name]: o.tags === null ? null : { UseDefaults: false, PrincipalTags: o.tags ?? {} } },
  });
}

const listed = pool(["email", "custom:tenant"]);
const readOnly = pool(["email"]);
const emptyList = pool([]);
const immutable = pool(["email"]);
const defaults = pool(["email", "custom:tenant"]);
const tokenType = pool(["custom:tenant"]);
const tagged = pool(["custom:tenant"]);
const unlistedClients = pool(["email"], { clients: undefined, errors: [{ operation: "ListUserPoolClients", code: "AccessDeniedException", message: "no" }] });
const elsewhere = pool(["custom:tenant"]);
const unreadTags = pool(["email"]);
const noRoles = pool(["email"]);
const unreadRoles = trusting(noRoles, { roles: false });

testRule(rule, {
  valid: [
    {
      name: "the rule's claim is an attribute no client may write",
      entry: readOnly,
      region: { identityPools: [trusting(readOnly, { ruleClaim: "custom:tenant" })] },
      evidence: expect.objectContaining({ claimsRead: [expect.objectContaining({ claim: "custom:tenant" })] }) as never,
    },
    { name: "an immutable attribute cannot be written even with an empty list", entry: immutable, region: { identityPools: [trusting(immutable, { ruleClaim: "custom:plan" })] } },
    { name: "a claim that is not an attribute (cognito:groups)", entry: listed, region: { identityPools: [trusting(listed, { ruleClaim: "cognito:groups" })] } },
    { name: "default principal tags and no tag map", entry: defaults, region: { identityPools: [trusting(defaults, { tags: null })] } },
    { name: "Token role mapping takes roles from group claims, not attributes", entry: tokenType, region: { identityPools: [trusting(tokenType, { ruleClaim: "custom:tenant", type: "Token" })] } },
  ],
  invalid: [
    {
      name: "a role-mapping rule on an attribute a client lists as writable",
      entry: listed,
      region: { identityPools: [trusting(listed, { ruleClaim: "custom:tenant" })] },
      messageId: "writable",
      severity: "high",
      evidence: { writableClaims: [expect.objectContaining({ claim: "custom:tenant", clients: ["web"], listed: true })] },
    },
    {
      name: "a principal tag copied from a writable attribute",
      entry: tagged,
      region: { identityPools: [trusting(tagged, { tags: { tenant: "custom:tenant" } })] },
      messageId: "writable",
      severity: "high",
      evidence: { writableClaims: [expect.objectContaining({ claim: "custom:tenant", use: "principal tag tenant" })] },
    },
    {
      name: "writable only through an empty WriteAttributes list: medium",
      entry: emptyList,
      region: { identityPools: [trusting(emptyList, { ruleClaim: "custom:tenant" })] },
      messageId: "writable",
      severity: "medium",
      evidence: { writableClaims: [expect.objectContaining({ listed: false, clients: ["web (WriteAttributes is empty: AWS documents standard attributes only, field reports say custom ones too)"] })], note: expect.stringContaining("API reference") },
    },
  ],
  notApplicable: [{ name: "no user pool provider", region: { identityPools: [identityPool({ CognitoIdentityProviders: [] })] } }],
  notEvaluated: [
    {
      name: "the roles could not be read",
      entry: noRoles,
      region: {
        identityPools: [unreadRoles],
        errors: [{ operation: "GetIdentityPoolRoles", code: "AccessDeniedException", message: "denied", resource: unreadRoles.IdentityPoolId! }],
      },
      reason: /GetIdentityPoolRoles failed with AccessDeniedException/,
    },
    {
      name: "the user pool's clients were not collected",
      entry: unlistedClients,
      region: { identityPools: [trusting(unlistedClients, { ruleClaim: "custom:tenant" })] },
      reason: /app clients of .* were not collected \(ListUserPoolClients failed/,
    },
    { name: "the user pool is not in the snapshot", region: { identityPools: [trusting(elsewhere, { ruleClaim: "custom:tenant" })] }, reason: /is not in the snapshot/ },
    {
      name: "the principal tag map could not be read",
      entry: unreadTags,
      region: { identityPools: [{ ...trusting(unreadTags), principalTags: {} }] },
      reason: /principal tag map of .* could not be read/,
    },
  ],
});
