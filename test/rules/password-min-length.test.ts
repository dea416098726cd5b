import rule from "../../rules/password-min-length.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const pool = (MinimumLength: number | undefined, MfaConfiguration: UserPool["MfaConfiguration"] = "ON") =>
  poolEntry({ userPool: userPool({ MfaConfiguration, Policies: { PasswordPolicy: { MinimumLength } } }) });

testRule(rule, {
  valid: [
    { name: "8 characters with MFA ON", entry: pool(8, "ON") },
    { name: "absent length (AWS default 8) with MFA ON", entry: pool(undefined, "ON") },
    { name: "no Policies at all, MFA ON", entry: poolEntry({ userPool: userPool({ Policies: undefined }) }) },
    { name: "15 characters with MFA OFF", entry: pool(15, "OFF") },
    { name: "20 characters with MFA OPTIONAL", entry: pool(20, "OPTIONAL") },
    { name: "a lower single-factor limit", entry: pool(12, "OFF"), options: { singleFactorMinLength: 12 } },
    { name: "12 characters, MFA only in GetUserPoolMfaConfig (ON)", entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined, Policies: { PasswordPolicy: { MinimumLength: 12 } } }), mfaConfig: { MfaConfiguration: "ON" } }) },
  ],
  invalid: [
    { name: "6 characters is high even with MFA ON", entry: pool(6, "ON"), messageId: "belowEight", severity: "high", evidence: { MinimumLength: 6 } },
    { name: "7 characters with MFA OFF is high", entry: pool(7, "OFF"), messageId: "belowEight", severity: "high" },
    { name: "8 characters with MFA OFF is medium", entry: pool(8, "OFF"), messageId: "singleFactor", severity: "medium", evidence: { MinimumLength: 8, MfaConfiguration: "OFF", singleFactorMinLength: 15 } },
    { name: "14 characters with MFA OPTIONAL is medium", entry: pool(14, "OPTIONAL"), messageId: "singleFactor", severity: "medium" },
    { name: "absent length (AWS default 8) with MFA OFF", entry: pool(undefined, "OFF"), messageId: "singleFactor", severity: "medium", evidence: { MinimumLength: 8, configured: null } },
    { name: "a stricter single-factor limit", entry: pool(15, "OFF"), options: { singleFactorMinLength: 20 }, messageId: "singleFactor" },
    { name: "lower-case MFA setting", entry: pool(10, "off" as "OFF"), messageId: "singleFactor", evidence: { MfaConfiguration: "OFF" } },
  ],
  notEvaluated: [
    {
      name: "a length that depends on MFA, and no MFA setting reported",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined, Policies: { PasswordPolicy: { MinimumLength: 10 } } }), mfaConfig: {} }),
      reason: /MfaConfiguration/,
    },
  ],
});
