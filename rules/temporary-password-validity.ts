import { defineConfigRule, fail, integer, pass } from "../src/engine/rule.js";

/** AWS: TemporaryPasswordValidityDays "Defaults to 7"; a 0 is treated as null, so as the default. */
const AWS_DEFAULT_DAYS = 7;

export default defineConfigRule({
  id: "temporary-password-validity",
  resourceType: "userPool",
  severity: "low",
  title: "Temporary passwords stay valid too long",
  rationale:
    "An administrator-created user gets a temporary password by email or SMS. Until it is used it is a live credential sitting in a mailbox or on a phone; the longer it stays valid, the longer anyone who reads that message can claim the account and set their own password.",
  remediation: "Lower Policies.PasswordPolicy.TemporaryPasswordValidityDays to 7 days or less.",
  anchors: ["FSBP Cognito.3", "Prowler cognito_user_pool_temporary_password_expiration"],
  options: {
    maxDays: integer({ minimum: 1, maximum: 365, default: 7, description: "Longest acceptable validity of a temporary password, in days." }),
  },
  messages: {
    tooLong: "Temporary passwords stay valid for {{days}} days{{source}}; the limit is {{maxDays}}.",
  },
  check({ pool }, { maxDays }) {
    const userPool = pool.entry.userPool;
    const configured = userPool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays;
    const set = typeof configured === "number" && configured > 0;
    const days = set ? configured : AWS_DEFAULT_DAYS;
    const source = set ? "TemporaryPasswordValidityDays" : "TemporaryPasswordValidityDays absent or 0: the AWS default";
    // The API reference: UnusedAccountValidityDays "is no longer in use". Shown, never counted.
    const legacy = userPool.AdminCreateUserConfig?.UnusedAccountValidityDays;
    const evidence = { days, source, maxDays, ...(legacy !== undefined ? { UnusedAccountValidityDays: legacy, UnusedAccountValidityDaysIgnored: "no longer in use (AWS API reference)" } : {}) };
    if (days <= maxDays) return pass(evidence);
    return fail({ messageId: "tooLong", data: { days, maxDays, source: set ? "" : ` (${source})` }, evidence });
  },
});
