import { mfaMode } from "../src/cognito/mfa.js";
import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";
import { missingSectionReason } from "../src/snapshot/sections.js";

const PHONE = "verified_phone_number";
const EMAIL = "verified_email";

/** Why recovery codes would go by SMS, in the words of the smsUnavailable message. */
const ROUTE = {
  legacy: "AccountRecoverySetting is not set, and the legacy behaviour prefers SMS",
  smsFirst: "verified_phone_number is the priority-1 recovery mechanism",
  emailMfaFallback: "users with email MFA cannot recover by email and fall back to verified_phone_number",
} as const;

export default defineConfigRule({
  id: "account-recovery-sms",
  resourceType: "userPool",
  severity: "medium",
  title: "Account recovery sends codes by SMS first",
  rationale:
    "Whoever receives the recovery code can reset the password. A code sent by SMS goes to whoever controls the phone number: SIM swapping, number porting and recycled numbers hand accounts to attackers, and every ForgotPassword call is a billable text message.",
  remediation:
    "Set AccountRecoverySetting with verified_email as priority 1 (or admin_only), and phone only as a fallback if at all; with email MFA, drop the phone fallback too.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html"],
  messages: {
    legacy: "AccountRecoverySetting is not set: the legacy behaviour sends the recovery code by SMS whenever the user has a verified phone number.",
    smsFirst: "The priority-1 account recovery mechanism is verified_phone_number: password resets are authorized by an SMS code.",
    emailMfaFallback:
      "Email MFA is enabled, and AWS does not let users recover by email when email is their MFA: their password-reset code goes by SMS to the verified_phone_number fallback (priority {{priority}}).",
    smsUnavailable:
      "Account recovery would send codes by SMS ({{route}}), but the pool has no SMS configuration (SmsConfiguration.SnsCallerArn): Cognito cannot send them today, and adding an SMS role makes SMS the recovery channel.",
  },
  check({ pool }) {
    const { userPool, mfaConfig, errors } = pool.entry;
    const mechanisms = userPool.AccountRecoverySetting?.RecoveryMechanisms ?? [];
    const ordered = [...mechanisms].sort((a, b) => (a.Priority ?? Number.MAX_SAFE_INTEGER) - (b.Priority ?? Number.MAX_SAFE_INTEGER));
    const names = ordered.map((m) => m.Name?.toLowerCase());
    // Cognito sends SMS through the SNS caller role of the pool (UpdateUserPool or SetUserPoolMfaConfig set it).
    const snsCallerArn = userPool.SmsConfiguration?.SnsCallerArn ?? mfaConfig?.SmsMfaConfiguration?.SmsConfiguration?.SnsCallerArn ?? null;
    const settings = ordered.length === 0 ? { AccountRecoverySetting: null } : { RecoveryMechanisms: ordered.map((m) => ({ Name: m.Name ?? null, Priority: m.Priority ?? null })) };

    let route: keyof typeof ROUTE | undefined;
    let emailMfa: boolean | undefined;
    const phoneFallback = ordered.find((m) => m.Name?.toLowerCase() === PHONE);
    if (ordered.length === 0) route = "legacy";
    else if (names[0] === PHONE) route = "smsFirst";
    else if (names[0] === EMAIL && phoneFallback) {
      // "Email MFA is also disqualifying for account recovery with email" (CreateUserPool AccountRecoverySetting).
      if (mfaConfig === undefined) {
        return notEvaluated(
          `email is the first recovery mechanism with an SMS fallback, and whether email MFA sends its users to that fallback is unknown: ${missingSectionReason(errors, "mfaConfig")}`,
        );
      }
      emailMfa = mfaConfig.EmailMfaConfiguration != null && mfaMode(pool.entry) !== "OFF";
      if (emailMfa) route = "emailMfaFallback";
    }
    const evidence = { ...settings, SnsCallerArn: snsCallerArn, ...(emailMfa !== undefined ? { emailMfa } : {}) };
    if (!route) return pass(evidence);
    if (snsCallerArn === null) return fail({ messageId: "smsUnavailable", data: { route: ROUTE[route] }, evidence, severity: "low" });
    if (route === "emailMfaFallback") return fail({ messageId: route, data: { priority: phoneFallback?.Priority ?? "unset" }, evidence });
    return fail({ messageId: route, evidence });
  },
});
