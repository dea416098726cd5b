import rule from "../../rules/mfa-required.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "MFA ON", entry: poolEntry({ userPool: userPool({ MfaConfiguration: "ON" }) }) }],
  invalid: [
    { name: "MFA OFF is high", entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF" }) }), messageId: "off", severity: "high" },
    { name: "MFA OPTIONAL is medium", entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OPTIONAL" }) }), messageId: "optional", severity: "medium" },
    {
      name: "password among first factors",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } } }) }),
      messageId: "off",
    },
    {
      name: "MfaConfiguration only in GetUserPoolMfaConfig",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: { MfaConfiguration: "OPTIONAL" } }),
      messageId: "optional",
    },
  ],
  notApplicable: [
    {
      name: "passwordless only",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: "OFF", Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["EMAIL_OTP", "WEB_AUTHN"] } } }) }),
    },
  ],
  notEvaluated: [
    {
      name: "no MFA setting anywhere",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: {} }),
      reason: /MfaConfiguration/,
    },
  ],
});
