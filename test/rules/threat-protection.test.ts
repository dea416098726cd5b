import rule from "../../rules/threat-protection.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withMode = (AdvancedSecurityMode: "OFF" | "AUDIT" | "ENFORCED", tier: "LITE" | "ESSENTIALS" | "PLUS" | "none" = "PLUS") =>
  poolEntry({ userPool: userPool({ UserPoolTier: tier === "none" ? undefined : tier, UserPoolAddOns: { AdvancedSecurityMode } }) });

testRule(rule, {
  valid: [
    { name: "ENFORCED on PLUS", entry: withMode("ENFORCED") },
    {
      name: "ENFORCED with custom auth still in audit (custom auth is another rule)",
      entry: poolEntry({
        userPool: userPool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" } } }),
      }),
    },
  ],
  invalid: [
    {
      name: "OFF is medium",
      entry: withMode("OFF"),
      messageId: "off",
      severity: "medium",
      evidence: { AdvancedSecurityMode: "OFF", UserPoolTier: "PLUS", requiredTier: "PLUS" },
    },
    { name: "AUDIT is low", entry: withMode("AUDIT"), messageId: "audit", severity: "low", evidence: { AdvancedSecurityMode: "AUDIT" } },
    {
      name: "absent UserPoolAddOns means OFF",
      entry: poolEntry({ userPool: userPool({ UserPoolTier: "ESSENTIALS", UserPoolAddOns: undefined }) }),
      messageId: "off",
      severity: "medium",
      evidence: { AdvancedSecurityMode: "absent (OFF)", UserPoolTier: "ESSENTIALS" },
    },
    { name: "LITE pool names its tier", entry: withMode("OFF", "LITE"), messageId: "off", evidence: { UserPoolTier: "LITE", requiredTier: "PLUS" } },
    { name: "tier not reported", entry: withMode("AUDIT", "none"), messageId: "audit", severity: "low", evidence: { UserPoolTier: "not reported" } },
  ],
});
