import rule from "../../rules/passkey-user-verification.js";
import type { MfaConfig, UserPoolEntry } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const passkeyPool = (WebAuthnConfiguration: MfaConfig["WebAuthnConfiguration"], factors = ["PASSWORD", "WEB_AUTHN"]): UserPoolEntry => {
  const pool = userPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never[] } } });
  return poolEntry({ userPool: pool, mfaConfig: { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true }, WebAuthnConfiguration } });
};

testRule(rule, {
  valid: [
    {
      name: "user verification required",
      entry: passkeyPool({ RelyingPartyId: "auth.example.com", UserVerification: "required" }),
      evidence: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"], UserVerification: "required" },
    },
  ],
  invalid: [
    {
      name: "user verification preferred",
      entry: passkeyPool({ RelyingPartyId: "auth.example.com", UserVerification: "preferred" }),
      messageId: "notRequired",
      severity: "low",
      data: { setting: "preferred" },
    },
    {
      name: "no WebAuthn configuration: the WebAuthn default applies",
      entry: passkeyPool(undefined, ["web_authn"]),
      messageId: "notRequired",
      data: { setting: "not set (WebAuthn's default is preferred)" },
      evidence: { AllowedFirstAuthFactors: ["WEB_AUTHN"], UserVerification: null },
    },
  ],
  notApplicable: [
    { name: "passkeys are not a sign-in factor", entry: passkeyPool({ UserVerification: "preferred" }, ["PASSWORD", "EMAIL_OTP"]) },
    { name: "no sign-in policy: password only", entry: poolEntry() },
  ],
  notEvaluated: [
    {
      name: "GetUserPoolMfaConfig not collected",
      entry: { ...passkeyPool({ UserVerification: "required" }), mfaConfig: undefined, errors: [{ operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "denied" }] },
      reason: /GetUserPoolMfaConfig|mfaConfig/,
    },
  ],
});
