import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { MFA_MODE_UNKNOWN, mfaMode, mfaSetupFactors } from "../src/cognito/mfa.js";

/** WebAuthnConfiguration.FactorConfiguration value under which a passkey satisfies MFA. */
const PASSKEY_AS_MFA = "MULTI_FACTOR_WITH_USER_VERIFICATION";

export default defineConfigRule({
  id: "mfa-sms-only",
  resourceType: "userPool",
  severity: "medium",
  title: "SMS is the only second factor",
  rationale:
    "An SMS code is the weakest second factor: SIM swapping, number porting, SS7 interception and phishing relays defeat it, and every code is billed, so an attacker who triggers sign-ins or MFA challenges also runs up the SMS bill. NIST SP 800-63B treats SMS as a restricted authenticator.",
  remediation:
    "Enable an authenticator-app (TOTP) second factor, or passkeys that satisfy MFA (WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION), and move users off SMS.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html"],
  requires: ["mfaConfig"],
  messages: {
    smsOnly: "MFA is {{mfa}} and SMS is the only second factor users can enrol: no authenticator app, email or passkey alternative.",
  },
  check({ pool }) {
    const { mfaConfig } = pool.entry;
    const mfa = mfaMode(pool.entry);
    if (mfa === undefined) return notEvaluated(MFA_MODE_UNKNOWN);
    // With MFA OFF there is no second factor at all: mfa-required reports that.
    if (mfa === "OFF") return null;

    // An empty SmsMfaConfiguration (no SNS role, no message) cannot send a code: it is not a factor.
    const factors = mfaConfig ? mfaSetupFactors(mfaConfig) : [];
    const sms = factors.includes("SMS_MFA");
    const softwareToken = factors.includes("SOFTWARE_TOKEN_MFA");
    const email = factors.includes("EMAIL_OTP");
    const passkeyFactor = mfaConfig?.WebAuthnConfiguration?.FactorConfiguration ?? null;
    const passkey = typeof passkeyFactor === "string" && passkeyFactor.toUpperCase() === PASSKEY_AS_MFA;
    const evidence = {
      MfaConfiguration: mfa,
      smsMfa: sms,
      softwareTokenMfa: softwareToken,
      emailMfa: email,
      passkeyFactorConfiguration: mfaConfig?.WebAuthnConfiguration ? (passkeyFactor ?? "SINGLE_FACTOR (default)") : null,
    };
    if (sms && !softwareToken && !email && !passkey) return fail({ messageId: "smsOnly", data: { mfa }, evidence });
    return pass(evidence);
  },
});
