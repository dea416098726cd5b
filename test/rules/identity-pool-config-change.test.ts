// On records in the shape of the developer guide's identity pool management event (test/helpers/documentedEvents.ts).
import rule from "../../rules/identity-pool-config-change.js";
import { identityPoolChange } from "../helpers/documentedEvents.js";
import { ACCOUNT, identityPool, REGION } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const ID = "eu-west-1:2dg778b3-50b7-565c-0f56-34200EXAMPLE";
const region = { identityPools: [identityPool({ IdentityPoolId: ID, IdentityPoolName: "app" })] };
const ALICE = `arn:aws:iam::${ACCOUNT}:user/Alice`;
const PIPELINE = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/pipeline`;
const update = (time: string, request: Record<string, unknown> = {}, principal?: string) =>
  identityPoolChange("UpdateIdentityPool", { time, identityPoolId: ID, request: { identityPoolName: "app", allowUnauthenticatedIdentities: false, ...request }, ...(principal ? { principal } : {}) });
const roles = (time: string, request: Record<string, unknown>, principal?: string) => identityPoolChange("SetIdentityPoolRoles", { time, identityPoolId: ID, request, ...(principal ? { principal } : {}) });
// The guide's CreateIdentityPool example: TestPool, guest access on, a Facebook provider.
const create = (time: string, request: Record<string, unknown>, principal?: string) =>
  identityPoolChange("CreateIdentityPool", { time, identityPoolId: ID, request: { identityPoolName: "TestPool", supportedLoginProviders: { "graph.facebook.com": "000000000000000" }, ...request }, ...(principal ? { principal } : {}) });
const remove = (time: string, principal?: string) => identityPoolChange("DeleteIdentityPool", { time, identityPoolId: ID, ...(principal ? { principal } : {}) });
/** LookupEvents coverage (RuleContext.eventCoverage) of the test region. */
const lookup = (eventSources: string[]) => ({ eventCoverage: ({ region: r }: { region: string }) => (r === REGION ? { eventSources, dataEvents: false } : undefined) });
const BOTH = ["cognito-idp.amazonaws.com", "cognito-identity.amazonaws.com"];

testRule(rule, {
  valid: [
    // Identity pool events are there (a read of the pool), but none changes it.
    { name: "no changes", region, events: [identityPoolChange("DescribeIdentityPool", { time: "2026-11-25T10:00:00Z", identityPoolId: ID })] },
    { name: "a failed call changed nothing", region, events: [identityPoolChange("UpdateIdentityPool", { time: "2026-11-25T10:00:00Z", identityPoolId: ID, request: { allowUnauthenticatedIdentities: true }, errorCode: "AccessDeniedException" })] },
    { name: "an ordinary change by an allowed principal", region, options: { allowedPrincipals: ["arn:aws:sts::*:assumed-role/deploy/*"] }, events: [update("2026-11-25T10:00:00Z", {}, PIPELINE)], evidence: { allowedPrincipalChanges: 1 } },
    { name: "a change to another identity pool", region, events: [identityPoolChange("UpdateIdentityPool", { time: "2026-11-25T10:00:00Z", identityPoolId: "eu-west-1:99999999-0000-0000-0000-000000000000", request: { allowUnauthenticatedIdentities: true } })] },
    // LookupEvents asked for cognito-identity and found nothing in the window: nothing changed.
    { name: "LookupEvents pulled identity pool events and there were none", region, events: [], context: lookup(BOTH) },
    { name: "a closed pool created by an allowed principal", region, options: { allowedPrincipals: [PIPELINE] }, events: [create("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: false }, PIPELINE)], evidence: { allowedPrincipalChanges: 1 } },
  ],
  invalid: [
    {
      name: "an ordinary update",
      region,
      events: [update("2026-11-25T10:00:00Z")],
      messageId: "changed",
      severity: "medium",
      data: { total: 1, name: "app", first: "2026-11-25T10:00:00.000Z", last: "2026-11-25T10:00:00.000Z", example: `UpdateIdentityPool by ${ALICE} at 2026-11-25T10:00:00.000Z` },
      evidence: { total: 1, highRisk: 0, operations: { UpdateIdentityPool: 1 }, principals: [{ principal: ALICE, count: 1 }], sourceIps: [{ ip: "127.0.0.1", count: 1 }] },
    },
    {
      name: "guest access switched on",
      region,
      events: [update("2026-11-25T10:00:00Z"), update("2026-11-25T11:00:00Z", { allowUnauthenticatedIdentities: true })],
      messageId: "highRisk",
      severity: "high",
      data: { highRisk: 1, total: 2, name: "app", example: `UpdateIdentityPool by ${ALICE} at 2026-11-25T11:00:00.000Z`, what: "unauthenticated identities allowed (allowUnauthenticatedIdentities true)" },
    },
    {
      name: "guest access logged as text, with the classic flow, by an allowed principal",
      region,
      options: { allowedPrincipals: [PIPELINE] },
      events: [update("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: "true", allowClassicFlow: true }, PIPELINE)],
      messageId: "highRisk",
      severity: "high",
      data: {
        highRisk: 1,
        total: 1,
        name: "app",
        example: `UpdateIdentityPool by ${PIPELINE} at 2026-11-25T10:00:00.000Z`,
        what: "unauthenticated identities allowed (allowUnauthenticatedIdentities true); classic (basic) flow allowed (allowClassicFlow true)",
      },
    },
    {
      name: "roles replaced",
      region,
      events: [roles("2026-11-25T10:00:00Z", { roles: { authenticated: "arn:aws:iam::123456789012:role/auth", unauthenticated: "arn:aws:iam::444455556666:role/admin" }, roleMappings: { "graph.facebook.com": { type: "Token" } } })],
      messageId: "highRisk",
      severity: "high",
      data: {
        highRisk: 1,
        total: 1,
        name: "app",
        example: `SetIdentityPoolRoles by ${ALICE} at 2026-11-25T10:00:00.000Z`,
        what: "identity pool roles replaced (SetIdentityPoolRoles): authenticated arn:aws:iam::123456789012:role/auth, unauthenticated arn:aws:iam::444455556666:role/admin, 1 role mapping(s)",
      },
      evidence: { operations: { SetIdentityPoolRoles: 1 } },
    },
    {
      name: "roles hidden or not objects are still a role change",
      region,
      events: [roles("2026-11-25T10:00:00Z", { roles: "HIDDEN_DUE_TO_SECURITY_REASONS", roleMappings: ["x"] })],
      messageId: "highRisk",
      data: { highRisk: 1, total: 1, name: "app", example: `SetIdentityPoolRoles by ${ALICE} at 2026-11-25T10:00:00.000Z`, what: "identity pool roles replaced (SetIdentityPoolRoles)" },
    },
    {
      name: "created open to guests, as the guide's example",
      region,
      events: [create("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: true })],
      messageId: "highRisk",
      severity: "high",
      data: { highRisk: 1, total: 1, name: "app", example: `CreateIdentityPool by ${ALICE} at 2026-11-25T10:00:00.000Z`, what: "unauthenticated identities allowed (allowUnauthenticatedIdentities true)" },
      evidence: { operations: { CreateIdentityPool: 1 } },
    },
    {
      name: "created with the classic flow by an allowed principal",
      region,
      options: { allowedPrincipals: [PIPELINE] },
      events: [create("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: false, allowClassicFlow: "true" }, PIPELINE)],
      messageId: "highRisk",
      severity: "high",
      data: { highRisk: 1, total: 1, name: "app", example: `CreateIdentityPool by ${PIPELINE} at 2026-11-25T10:00:00.000Z`, what: "classic (basic) flow allowed (allowClassicFlow true)" },
    },
    {
      name: "a closed pool created",
      region,
      events: [create("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: false })],
      messageId: "changed",
      severity: "medium",
      data: { total: 1, name: "app", first: "2026-11-25T10:00:00.000Z", last: "2026-11-25T10:00:00.000Z", example: `CreateIdentityPool by ${ALICE} at 2026-11-25T10:00:00.000Z` },
    },
    {
      name: "deleted, even by an allowed principal",
      region,
      options: { allowedPrincipals: [PIPELINE] },
      events: [update("2026-11-25T09:00:00Z", {}, PIPELINE), remove("2026-11-25T10:00:00Z", PIPELINE)],
      messageId: "highRisk",
      severity: "high",
      data: { highRisk: 1, total: 1, name: "app", example: `DeleteIdentityPool by ${PIPELINE} at 2026-11-25T10:00:00.000Z`, what: "the identity pool was deleted, with every identity in it (DeleteIdentityPool)" },
      evidence: { operations: { DeleteIdentityPool: 1 }, allowedPrincipalChanges: 1 },
    },
    {
      name: "a guest switch-on pulled by LookupEvents",
      region,
      context: lookup(BOTH),
      events: [update("2026-11-25T10:00:00Z", { allowUnauthenticatedIdentities: true })],
      messageId: "highRisk",
      severity: "high",
    },
  ],
  notApplicable: [{ name: "no identity pools", region: { identityPools: [] }, events: [update("2026-11-25T10:00:00Z")] }],
  notEvaluated: [
    { name: "log files without a single identity pool event", region, events: [], reason: /log files hold no identity pool \(cognito-identity\.amazonaws\.com\) events/ },
    // A snapshot collected before identity pool events were pulled records no eventSources: cognito-idp only.
    { name: "LookupEvents records pulled for cognito-idp only", region, events: [], context: lookup(["cognito-idp.amazonaws.com"]), reason: /pulled for cognito-idp\.amazonaws\.com only/ },
    { name: "LookupEvents did not answer in the pool's region", region, events: [], context: { eventCoverage: () => undefined }, reason: /no CloudTrail events of eu-west-1 were read/ },
    { name: "no CloudTrail events available", region, reason: /no CloudTrail events/ },
  ],
});
