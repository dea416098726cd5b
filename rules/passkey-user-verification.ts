import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { firstAuthFactors } from "../src/cognito/authFlows.js";

export default defineConfigRule({
  id: "passkey-user-verification",
  resourceType: "userPool",
  severity: "low",
  title: "Passkeys do not require user verification",
  rationale:
    "With UserVerification preferred (the WebAuthn default when nothing is set), the pool also accepts passkeys from authenticators that never check a PIN or biometric: a security key without a PIN signs in whoever holds it, so a lost or borrowed key is the account. Required user verification makes a passkey both something the user has and something they know or are.",
  remediation: "Set WebAuthnConfiguration.UserVerification to required with SetUserPoolMfaConfig (users whose authenticator cannot verify them must register another passkey).",
  anchors: ["https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html"],
  requires: ["mfaConfig"],
  appliesTo: ({ pool }) => firstAuthFactors(pool.entry.userPool).factors.includes("WEB_AUTHN"),
  messages: {
    notRequired: "Passkey sign-in is allowed and user verification is {{setting}}: a passkey on an authenticator without a PIN or biometric signs in whoever holds it.",
  },
  check({ pool }) {
    const configured = pool.entry.mfaConfig?.WebAuthnConfiguration?.UserVerification;
    const evidence = { AllowedFirstAuthFactors: firstAuthFactors(pool.entry.userPool).factors, UserVerification: configured ?? null };
    if (configured?.toLowerCase() === "required") return pass(evidence);
    return fail({ messageId: "notRequired", data: { setting: configured === undefined ? "not set (WebAuthn's default is preferred)" : configured }, evidence });
  },
});
