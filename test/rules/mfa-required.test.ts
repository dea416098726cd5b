import { expect } from "vitest";
import rule from "../../rules/mfa-required.js";
import type { RiskConfiguration, UserPoolEntry } from "../../src/snapshot/types.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const PASSWORD_ONLY = "password only: in the scope of FSBP Cognito.5";
type Action = "BLOCK" | "MFA_IF_CONFIGURED" | "MFA_REQUIRED" | "NO_ACTION";
const takeover = (medium: Action, high: Action): RiskConfiguration => ({
  AccountTakeoverRiskConfiguration: {
    Actions: { LowAction: { EventAction: "NO_ACTION", Notify: false }, MediumAction: { EventAction: medium, Notify: true }, HighAction: { EventAction: high, Notify: true } },
  },
});
/** A pool with MFA OPTIONAL and threat protection ENFORCED, with the given pool-level risk configuration. */
const adaptive = (risk: RiskConfiguration | null | undefined, extra: Partial<UserPoolEntry> = {}) =>
  poolEntry({
    userPool: userPool({ MfaConfiguration: "OPTIONAL", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
    clients: [appClient({ ClientId: "web", ClientName: "web-app" })],
    riskConfiguration: risk,
    clientRiskConfigurations: { web: null },
    ...extra,
  });
const mixed = (mfa: "OFF" | "ON") => poolEntry({ userPool: userPool({ MfaConfiguration: mfa, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } } }) });

testRule(rule, {
  valid: [
    {
      name: "MFA ON",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "ON" }) }),
      evidence: { MfaConfiguration: "ON", AllowedFirstAuthFactors: ["PASSWORD"], signInPolicy: PASSWORD_ONLY },
    },
    {
      name: "MFA ON with PASSWORD and passwordless factors, judged with passwordOnlyScope false",
      entry: mixed("ON"),
      options: { passwordOnlyScope: false },
      evidence: { MfaConfiguration: "ON", AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"], signInPolicy: expect.stringMatching(/^PASSWORD among other first factors: outside the scope of FSBP Cognito\.5/) },
    },
  ],
  invalid: [
    {
      name: "MFA OFF is high",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF" }) }),
      messageId: "off",
      severity: "high",
      evidence: { MfaConfiguration: "OFF", AllowedFirstAuthFactors: ["PASSWORD"], signInPolicy: PASSWORD_ONLY },
    },
    {
      name: "MFA OPTIONAL without threat protection is medium",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OPTIONAL", UserPoolAddOns: undefined }) }),
      messageId: "optional",
      severity: "medium",
      evidence: { MfaConfiguration: "OPTIONAL", AdvancedSecurityMode: "OFF" },
    },
    {
      name: "MFA OPTIONAL with threat protection in AUDIT is medium",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OPTIONAL", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }) }),
      messageId: "optional",
      severity: "medium",
      evidence: { AdvancedSecurityMode: "AUDIT" },
    },
    {
      name: "MFA OPTIONAL with adaptive authentication requiring MFA is low",
      entry: adaptive(takeover("MFA_REQUIRED", "BLOCK")),
      messageId: "optionalAdaptive",
      severity: "low",
      evidence: {
        MfaConfiguration: "OPTIONAL",
        AllowedFirstAuthFactors: ["PASSWORD"],
        signInPolicy: PASSWORD_ONLY,
        AdvancedSecurityMode: "ENFORCED",
        adaptiveAuthentication: [
          {
            level: "user pool",
            MEDIUM: { action: "MFA_REQUIRED", notify: true, verdict: "MFA challenge; blocked when the user has not set up MFA" },
            HIGH: { action: "BLOCK", notify: true, verdict: "blocked" },
            requiresMfa: true,
          },
        ],
      },
    },
    {
      name: "MFA OPTIONAL with MFA_IF_CONFIGURED at medium risk stays medium",
      entry: adaptive(takeover("MFA_IF_CONFIGURED", "BLOCK")),
      messageId: "optional",
      severity: "medium",
      evidence: {
        AdvancedSecurityMode: "ENFORCED",
        adaptiveAuthentication: [
          {
            level: "user pool",
            MEDIUM: { action: "MFA_IF_CONFIGURED", notify: true, verdict: "MFA challenge where the user has or can set up MFA; allowed otherwise" },
            HIGH: { action: "BLOCK", notify: true, verdict: "blocked" },
            requiresMfa: false,
          },
        ],
      },
    },
    {
      name: "MFA OPTIONAL with threat protection ENFORCED but no risk configuration stays medium",
      entry: adaptive(null),
      messageId: "optional",
      severity: "medium",
      evidence: { adaptiveAuthentication: [{ level: "user pool", HIGH: { action: "absent", notify: false, verdict: "allowed: no action is configured" }, requiresMfa: false }] },
    },
    {
      name: "an app client's own configuration that lets risky sign-ins in keeps it medium",
      entry: adaptive(takeover("MFA_REQUIRED", "MFA_REQUIRED"), { clientRiskConfigurations: { web: { ...takeover("NO_ACTION", "MFA_REQUIRED"), ClientId: "web" } } }),
      messageId: "optional",
      severity: "medium",
      evidence: { adaptiveAuthentication: [{ level: "user pool", requiresMfa: true }, { level: "app client web-app (web)", MEDIUM: { action: "NO_ACTION" }, requiresMfa: false }] },
    },
    {
      name: "a client whose configuration was not read does not hide a pool-level gap",
      entry: adaptive(takeover("NO_ACTION", "BLOCK"), { clientRiskConfigurations: {} }),
      messageId: "optional",
      severity: "medium",
      evidence: { clientsNotRead: ["web-app (web)"] },
    },
    {
      name: "PASSWORD among other first factors, judged with passwordOnlyScope false",
      entry: mixed("OFF"),
      options: { passwordOnlyScope: false },
      messageId: "off",
      severity: "high",
      evidence: {
        AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"],
        signInPolicy: "PASSWORD among other first factors: outside the scope of FSBP Cognito.5, judged because passwordOnlyScope is false",
      },
    },
    {
      name: "a sign-in policy of PASSWORD alone is in scope",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } } }) }),
      messageId: "off",
      evidence: { signInPolicy: PASSWORD_ONLY },
    },
    {
      name: "MfaConfiguration only in GetUserPoolMfaConfig",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined, UserPoolAddOns: undefined }), mfaConfig: { MfaConfiguration: "OPTIONAL" } }),
      messageId: "optional",
    },
  ],
  notApplicable: [
    {
      name: "passwordless only",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["EMAIL_OTP", "WEB_AUTHN"] } } }) }),
    },
    { name: "PASSWORD among other first factors: outside FSBP Cognito.5 by default", entry: mixed("OFF") },
  ],
  notEvaluated: [
    {
      name: "no MFA setting anywhere",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: {} }),
      reason: /MfaConfiguration/,
    },
    {
      name: "MFA OPTIONAL, threat protection ENFORCED, risk configuration not read",
      entry: adaptive(undefined, { errors: [{ operation: "DescribeRiskConfiguration", code: "AccessDeniedException", message: "denied" }] }),
      reason: /adaptive-authentication actions are unknown \(DescribeRiskConfiguration failed with AccessDeniedException/,
    },
    {
      name: "adaptive authentication requires MFA at the pool, but a client's configuration was not read",
      entry: adaptive(takeover("MFA_REQUIRED", "BLOCK"), { clientRiskConfigurations: {} }),
      reason: /requiring MFA where it was read, but the risk configuration of app client\(s\) web-app \(web\) could not be read/,
    },
  ],
});
