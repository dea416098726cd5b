import { expect } from "vitest";
import rule from "../../rules/account-takeover-action.js";
import type { RiskConfiguration, UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const POOL_ID = "eu-west-1_Risk00002";
type Action = "BLOCK" | "MFA_IF_CONFIGURED" | "MFA_REQUIRED" | "NO_ACTION";
const takeover = (high: Action | undefined, medium: Action = "MFA_IF_CONFIGURED", low: Action = "NO_ACTION"): RiskConfiguration => ({
  UserPoolId: POOL_ID,
  AccountTakeoverRiskConfiguration: {
    Actions: {
      LowAction: { EventAction: low, Notify: false },
      MediumAction: { EventAction: medium, Notify: true },
      ...(high ? { HighAction: { EventAction: high, Notify: true } } : {}),
    },
  },
});

function pool(
  riskConfiguration: RiskConfiguration | null,
  clientRisk: Record<string, RiskConfiguration | null> | null = { web: null },
  mode: "OFF" | "AUDIT" | "ENFORCED" = "ENFORCED",
  extra: Partial<UserPoolEntry> = {},
): UserPoolEntry {
  return poolEntry({
    userPool: userPool({ Id: POOL_ID, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: mode } }),
    riskConfiguration,
    clients: [appClient({ ClientId: "web", ClientName: "web-app" })],
    clientRiskConfigurations: clientRisk,
    ...extra,
  });
}

testRule(rule, {
  valid: [
    { name: "high risk blocked", entry: pool(takeover("BLOCK")) },
    { name: "high risk requires MFA", entry: pool(takeover("MFA_REQUIRED")) },
    { name: "MFA if configured is an action too", entry: pool(takeover("MFA_IF_CONFIGURED")) },
    { name: "a client echoing the pool's configuration", entry: pool(takeover("BLOCK"), { web: { ...takeover("NO_ACTION"), ClientId: "ALL" } }) },
    { name: "a client override that blocks", entry: pool(takeover("BLOCK"), { web: { ...takeover("BLOCK"), ClientId: "web" } }) },
    { name: "clientRiskConfigurations null: collected, no client has its own", entry: pool(takeover("BLOCK"), null) },
  ],
  invalid: [
    {
      name: "high risk NO_ACTION",
      entry: pool(takeover("NO_ACTION")),
      messageId: "noAction",
      severity: "medium",
      evidence: {
        levels: [{ level: "user pool", LowAction: "NO_ACTION", MediumAction: "MFA_IF_CONFIGURED (notify)", HighAction: "NO_ACTION (notify)", problem: "noAction" }],
      },
    },
    {
      name: "no high-risk action",
      entry: pool(takeover(undefined, "BLOCK", "BLOCK")),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool", LowAction: "BLOCK", MediumAction: "BLOCK (notify)", HighAction: "absent", problem: "notConfigured" }] },
    },
    {
      name: "no risk configuration at all",
      entry: pool(null),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool", LowAction: "absent", MediumAction: "absent", HighAction: "absent" }] },
    },
    {
      name: "a risk configuration with compromised-credentials settings only",
      entry: pool({ UserPoolId: POOL_ID, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } } }),
      messageId: "notConfigured",
    },
    {
      name: "lower-case no_action",
      entry: pool(takeover("no_action" as Action)),
      messageId: "noAction",
    },
    {
      name: "a client override lets high risk in",
      entry: pool(takeover("BLOCK"), { web: { ...takeover("NO_ACTION"), ClientId: "web" } }),
      messageId: "noAction",
      evidence: { levels: [{ level: "user pool", HighAction: "BLOCK (notify)" }, { level: "app client web-app (web)", HighAction: "NO_ACTION (notify)", problem: "noAction" }] },
    },
    {
      name: "a client override without takeover settings replaces the pool's",
      entry: pool(takeover("BLOCK"), { web: { UserPoolId: POOL_ID, ClientId: "web", CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } } } }),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool" }, { level: "app client web-app (web)", HighAction: "absent" }] },
    },
    {
      name: "the pool-level configuration proves the failure though client-level ones were not collected",
      entry: pool(takeover("NO_ACTION"), undefined, "ENFORCED", { clientRiskConfigurations: undefined }),
      messageId: "noAction",
      evidence: { levels: [{ level: "user pool", problem: "noAction" }], clientLevels: expect.stringMatching(/^not collected: /) },
    },
  ],
  notApplicable: [
    { name: "threat protection OFF", entry: pool(null, undefined, "OFF") },
    { name: "threat protection in AUDIT", entry: pool(takeover("NO_ACTION"), undefined, "AUDIT") },
  ],
  notEvaluated: [
    {
      name: "DescribeRiskConfiguration failed",
      entry: pool(null, undefined, "ENFORCED", {
        riskConfiguration: undefined,
        errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /DescribeRiskConfiguration failed with AccessDeniedException/,
    },
    {
      name: "the pool blocks, but the client's configuration could not be read",
      entry: pool(takeover("BLOCK"), {}, "ENFORCED", {
        errors: [{ operation: "DescribeRiskConfiguration", code: "ThrottlingException", message: "slow", resource: "web" }],
      }),
      reason: /web-app \(web\) could not be read/,
    },
    {
      name: "the pool blocks, but client-level configurations were not collected",
      entry: pool(takeover("BLOCK"), undefined, "ENFORCED", { clientRiskConfigurations: undefined }),
      reason: /client.* risk configurations were not collected \(clientRiskConfigurations was not collected/,
    },
  ],
});
