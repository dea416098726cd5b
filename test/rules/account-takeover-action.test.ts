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

/** An ENFORCED pool with the given MFA mode and GetUserPoolMfaConfig answer (default: TOTP off, nothing else). */
const mfaPool = (mode: "OFF" | "OPTIONAL", risk: RiskConfiguration, mfaConfig: UserPoolEntry["mfaConfig"] = { MfaConfiguration: mode }) =>
  poolEntry({
    userPool: userPool({ Id: POOL_ID, MfaConfiguration: mode, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
    mfaConfig,
    riskConfiguration: risk,
    clients: [appClient({ ClientId: "web", ClientName: "web-app" })],
    clientRiskConfigurations: { web: null },
  });

testRule(rule, {
  valid: [
    { name: "high risk blocked", entry: pool(takeover("BLOCK")) },
    { name: "high risk requires MFA", entry: pool(takeover("MFA_REQUIRED")) },
    {
      name: "MFA if configured challenges when MFA is ON with a factor",
      entry: pool(takeover("MFA_IF_CONFIGURED")),
      evidence: {
        MfaConfiguration: "ON",
        mfaFactors: ["SOFTWARE_TOKEN_MFA"],
        levels: [
          {
            level: "user pool",
            LOW: { action: "NO_ACTION", notify: false, verdict: "allowed" },
            MEDIUM: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "MFA challenge where the user has or can set up MFA; allowed otherwise" },
            HIGH: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "MFA challenge where the user has or can set up MFA; allowed otherwise" },
          },
        ],
      },
    },
    { name: "MFA if configured with MFA OPTIONAL and email MFA", entry: mfaPool("OPTIONAL", takeover("MFA_IF_CONFIGURED"), { MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: { Subject: "code" } }) },
    {
      name: "MFA required blocks users without MFA even with MFA OFF",
      entry: mfaPool("OFF", takeover("MFA_REQUIRED")),
      evidence: expect.objectContaining({ levels: [expect.objectContaining({ HIGH: { action: "MFA_REQUIRED", notify: true, verdict: "MFA challenge; blocked when the user has not set up MFA" } })] }),
    },
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
        MfaConfiguration: "ON",
        mfaFactors: ["SOFTWARE_TOKEN_MFA"],
        levels: [
          {
            level: "user pool",
            LOW: { action: "NO_ACTION", notify: false, verdict: "allowed" },
            MEDIUM: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "MFA challenge where the user has or can set up MFA; allowed otherwise" },
            HIGH: { action: "NO_ACTION", notify: true, verdict: "allowed" },
            problem: "noAction",
          },
        ],
      },
    },
    {
      name: "no high-risk action",
      entry: pool(takeover(undefined, "BLOCK", "BLOCK")),
      messageId: "notConfigured",
      evidence: {
        levels: [
          {
            level: "user pool",
            LOW: { action: "BLOCK", notify: false, verdict: "blocked" },
            MEDIUM: { action: "BLOCK", notify: true, verdict: "blocked" },
            HIGH: { action: "absent", notify: false, verdict: "allowed: no action is configured" },
            problem: "notConfigured",
          },
        ],
      },
    },
    {
      name: "no risk configuration at all",
      entry: pool(null),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool", LOW: { action: "absent" }, MEDIUM: { action: "absent" }, HIGH: { action: "absent" } }] },
    },
    {
      name: "MFA_IF_CONFIGURED with MFA OFF lets high-risk sign-ins in",
      entry: mfaPool("OFF", takeover("MFA_IF_CONFIGURED", "MFA_IF_CONFIGURED")),
      messageId: "mfaImpossible",
      data: { level: "user pool", why: "MFA is OFF", more: "" },
      evidence: {
        MfaConfiguration: "OFF",
        levels: [
          {
            level: "user pool",
            LOW: { action: "NO_ACTION", notify: false, verdict: "allowed" },
            MEDIUM: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "allowed: MFA is OFF, so no MFA challenge is possible" },
            HIGH: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "allowed: MFA is OFF, so no MFA challenge is possible" },
            problem: "mfaImpossible",
          },
        ],
      },
    },
    {
      name: "MFA_IF_CONFIGURED with MFA OPTIONAL but no factor users can set up",
      entry: mfaPool("OPTIONAL", takeover("MFA_IF_CONFIGURED"), { MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: false } }),
      messageId: "mfaImpossible",
      data: { level: "user pool", why: "the pool has no MFA factor users can set up", more: "" },
      evidence: {
        MfaConfiguration: "OPTIONAL",
        mfaFactors: [],
        levels: [{ level: "user pool", HIGH: { action: "MFA_IF_CONFIGURED", verdict: "allowed: the pool has no MFA factor (SMS, TOTP or email) users can set up" }, problem: "mfaImpossible" }],
      },
    },
    {
      name: "an SMS configuration that cannot send is no factor either",
      entry: mfaPool("OPTIONAL", takeover("MFA_IF_CONFIGURED"), { MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: {} }),
      messageId: "mfaImpossible",
      evidence: { mfaFactors: [] },
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
      data: { level: "app client web-app (web)", more: "" },
      evidence: { levels: [{ level: "user pool", HIGH: { action: "BLOCK", verdict: "blocked" } }, { level: "app client web-app (web)", HIGH: { action: "NO_ACTION", verdict: "allowed" }, problem: "noAction" }] },
    },
    {
      name: "a client override without takeover settings replaces the pool's",
      entry: pool(takeover("BLOCK"), { web: { UserPoolId: POOL_ID, ClientId: "web", CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } } } }),
      messageId: "notConfigured",
      evidence: { levels: [{ level: "user pool" }, { level: "app client web-app (web)", HIGH: { action: "absent" }, problem: "notConfigured" }] },
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
      name: "a high-risk action AWS does not document",
      entry: pool(takeover("CHALLENGE" as Action)),
      reason: /high-risk action is unknown: not an action AWS documents/,
    },
    {
      name: "MFA_IF_CONFIGURED with MFA OPTIONAL, but GetUserPoolMfaConfig failed",
      entry: pool(takeover("MFA_IF_CONFIGURED"), { web: null }, "ENFORCED", {
        userPool: userPool({ Id: POOL_ID, MfaConfiguration: "OPTIONAL", UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
        mfaConfig: undefined,
        errors: [{ operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /high-risk action is unknown: the pool's MFA factors are unknown \(GetUserPoolMfaConfig failed with AccessDeniedException/,
    },
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
