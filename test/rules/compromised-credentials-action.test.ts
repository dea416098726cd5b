import rule from "../../rules/compromised-credentials-action.js";
import type { RiskConfiguration, UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const POOL_ID = "eu-west-1_Risk00001";
const blocking = (extra: Partial<NonNullable<RiskConfiguration["CompromisedCredentialsRiskConfiguration"]>> = {}): RiskConfiguration => ({
  UserPoolId: POOL_ID,
  CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" }, ...extra },
});

/** An ENFORCED pool with two clients, "web" and "api", and their risk configurations. */
function pool(
  riskConfiguration: RiskConfiguration | null,
  clientRisk: Record<string, RiskConfiguration | null> | null = { web: null, api: null },
  mode: "OFF" | "AUDIT" | "ENFORCED" = "ENFORCED",
  extra: Partial<UserPoolEntry> = {},
): UserPoolEntry {
  return poolEntry({
    userPool: userPool({ Id: POOL_ID, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: mode } }),
    riskConfiguration,
    clients: [appClient({ ClientId: "web", ClientName: "web-app" }), appClient({ ClientId: "api", ClientName: "api" })],
    clientRiskConfigurations: clientRisk,
    ...extra,
  });
}

testRule(rule, {
  valid: [
    { name: "BLOCK for all events (EventFilter absent)", entry: pool(blocking()) },
    { name: "BLOCK with SIGN_IN in EventFilter", entry: pool(blocking({ EventFilter: ["SIGN_IN", "PASSWORD_CHANGE"] })) },
    { name: "lower-case values from an emulator", entry: pool(blocking({ EventFilter: ["sign_in" as "SIGN_IN"], Actions: { EventAction: "block" as "BLOCK" } })) },
    {
      name: "clients echo the pool's configuration (no ClientId of their own)",
      entry: pool(blocking(), { web: blocking(), api: { ...blocking(), ClientId: "ALL" } }),
    },
    {
      name: "a client answer with no settings inherits the pool",
      entry: pool(blocking(), { web: { UserPoolId: POOL_ID, ClientId: "web" }, api: null }),
    },
    { name: "clientRiskConfigurations null: collected, no client has its own", entry: pool(blocking(), null) },
    { name: "a client override that blocks too", entry: pool(blocking(), { web: { ...blocking({ EventFilter: ["SIGN_IN"] }), ClientId: "web" }, api: null }) },
  ],
  invalid: [
    {
      name: "pool-level NO_ACTION",
      entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } } }),
      messageId: "noAction",
      severity: "medium",
      evidence: { levels: [{ level: "user pool", EventAction: "NO_ACTION", EventFilter: "absent (all events)", problems: ["noAction"] }] },
    },
    {
      name: "EventFilter without SIGN_IN",
      entry: pool(blocking({ EventFilter: ["SIGN_UP", "PASSWORD_CHANGE"] })),
      messageId: "signInNotChecked",
      evidence: { levels: [{ level: "user pool", EventFilter: ["SIGN_UP", "PASSWORD_CHANGE"], problems: ["signInNotChecked"] }] },
    },
    {
      name: "an empty EventFilter: AWS documents all events only when it is left out, so a low, hedged finding",
      entry: pool(blocking({ EventFilter: [] })),
      messageId: "emptyFilter",
      severity: "low",
      data: { level: "user pool", action: "BLOCK", filter: "", more: "" },
      evidence: {
        levels: [{ level: "user pool", EventAction: "BLOCK", EventFilter: [], problems: ["emptyFilter"] }],
        EventFilterDocumentation:
          'AWS API reference: "Settings for the sign-in activity where you want to configure compromised-credentials actions. Defaults to all events." It does not say what an empty list checks.',
      },
    },
    {
      name: "an empty EventFilter next to NO_ACTION: the certain problem leads, at the rule's severity",
      entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" }, EventFilter: [] } }),
      messageId: "noAction",
      severity: "medium",
      data: { level: "user pool", action: "NO_ACTION", filter: "", more: "; 1 more problem(s) in the evidence" },
      evidence: { levels: [{ level: "user pool", problems: ["noAction", "emptyFilter"] }] },
    },
    {
      name: "an empty EventFilter at the pool, a certain problem at a client: the client's leads",
      entry: pool(blocking({ EventFilter: [] }), {
        web: null,
        api: { UserPoolId: POOL_ID, ClientId: "api", CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" }, EventFilter: ["SIGN_UP"] } },
      }),
      messageId: "signInNotChecked",
      severity: "medium",
      data: { level: "app client api", action: "BLOCK", filter: "SIGN_UP", more: "; 1 more problem(s) in the evidence" },
      evidence: { levels: [{ level: "user pool", problems: ["emptyFilter"] }, { level: "app client api", problems: ["signInNotChecked"] }] },
    },
    {
      name: "no risk configuration at all",
      entry: pool(null),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool", EventAction: "not configured", problems: ["notConfigured"] }] },
    },
    {
      name: "a risk configuration without compromised-credentials settings",
      entry: pool({ UserPoolId: POOL_ID, RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] } }),
      messageId: "notConfigured",
    },
    {
      name: "a client override with NO_ACTION",
      entry: pool(blocking(), {
        web: null,
        api: { UserPoolId: POOL_ID, ClientId: "api", CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" }, EventFilter: ["SIGN_IN"] } },
      }),
      messageId: "noAction",
      evidence: { levels: [{ level: "user pool", problems: [] }, { level: "app client api", EventAction: "NO_ACTION", problems: ["noAction"] }] },
    },
    {
      name: "a client override without compromised-credentials settings replaces the pool's",
      entry: pool(blocking(), { web: { UserPoolId: POOL_ID, ClientId: "web", RiskExceptionConfiguration: { SkippedIPRangeList: ["192.0.2.1/32"] } }, api: null }),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool" }, { level: "app client web-app (web)", problems: ["notConfigured"] }] },
    },
    {
      name: "both problems at one level",
      entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" }, EventFilter: ["SIGN_UP"] } }),
      messageId: "noAction",
      evidence: { levels: [{ problems: ["noAction", "signInNotChecked"] }] },
    },
    {
      name: "fails on what it knows even when a client's configuration could not be read",
      entry: pool(null, { web: null }, "ENFORCED", {
        errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied", resource: "api" }],
      }),
      messageId: "notConfigured",
      evidence: { clientsNotRead: ["api"] },
    },
    {
      name: "the pool-level configuration proves the failure though client-level ones were not collected",
      entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } } }, undefined, "ENFORCED", {
        clientRiskConfigurations: undefined,
        errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied", resource: "web" }],
      }),
      messageId: "noAction",
      evidence: { clientLevels: "not collected: DescribeRiskConfiguration failed with AccessDeniedException: denied" },
    },
  ],
  notApplicable: [
    { name: "threat protection OFF", entry: pool(null, undefined, "OFF") },
    { name: "threat protection in AUDIT", entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" } } }, undefined, "AUDIT") },
  ],
  notEvaluated: [
    {
      name: "DescribeRiskConfiguration failed for the pool",
      entry: pool(null, undefined, "ENFORCED", {
        riskConfiguration: undefined,
        errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /DescribeRiskConfiguration failed with AccessDeniedException/,
    },
    {
      name: "client-level configurations were not collected",
      entry: pool(blocking(), undefined, "ENFORCED", { clientRiskConfigurations: undefined }),
      reason: /clientRiskConfigurations was not collected/,
    },
    {
      name: "all it saw blocks, but one client's configuration could not be read",
      entry: pool(blocking(), { web: null }, "ENFORCED", {
        errors: [{ operation: "DescribeRiskConfiguration", code: "ThrottlingException", message: "slow", resource: "api" }],
      }),
      reason: /app client\(s\) api could not be read/,
    },
    {
      name: "a client id that names an Object.prototype property is not read just because `in` finds it",
      entry: pool(blocking(), { web: null }, "ENFORCED", { clients: [appClient({ ClientId: "web" }), appClient({ ClientId: "constructor", ClientName: "constructor" })] }),
      reason: /app client\(s\) constructor could not be read/,
    },
  ],
});
