import { defineConfigRule, fail, integer, notEvaluated, pass } from "../src/engine/rule.js";
import { MFA_MODE_UNKNOWN, mfaMode } from "../src/cognito/mfa.js";

/** AWS's MinimumLength when the pool reports none (the default password policy). */
const AWS_DEFAULT_MIN_LENGTH = 8;
/** Below this, a password is short by any standard (FSBP Cognito.3, NIST SP 800-63B-4 with MFA). */
const ABSOLUTE_MIN_LENGTH = 8;

export default defineConfigRule({
  id: "password-min-length",
  resourceType: "userPool",
  severity: "high",
  title: "Passwords may be too short",
  rationale:
    "Length is what makes a password hard to guess or crack. Passwords shorter than 8 characters fall to online guessing and offline cracking; when a password is the only factor, NIST SP 800-63B-4 asks for at least 15 characters.",
  remediation: "Raise Policies.PasswordPolicy.MinimumLength to 15 or more, or at least 8 when MFA is required (MfaConfiguration ON).",
  anchors: ["FSBP Cognito.3", "Prowler cognito_user_pool_password_policy_minimum_length_14", "Pacu cognito__enum", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html"],
  options: {
    singleFactorMinLength: integer({
      minimum: 6,
      maximum: 99,
      default: 15,
      description: "Shortest acceptable minimum password length while MFA is not required (MfaConfiguration is not ON).",
    }),
  },
  messages: {
    belowEight: "The password policy accepts passwords of {{length}} characters{{source}}: fewer than 8.",
    singleFactor:
      "The password policy accepts passwords of {{length}} characters{{source}} while MFA is {{mfa}}: a password that is the only factor should have at least {{minimum}}.",
  },
  check({ pool }, { singleFactorMinLength }) {
    const { userPool } = pool.entry;
    const configured = userPool.Policies?.PasswordPolicy?.MinimumLength;
    const length = typeof configured === "number" && configured > 0 ? configured : AWS_DEFAULT_MIN_LENGTH;
    const source = configured === undefined || configured === null || configured <= 0 ? " (no MinimumLength reported: the AWS default of 8)" : "";
    const mfa = mfaMode(pool.entry);
    const evidence = { MinimumLength: length, configured: configured ?? null, MfaConfiguration: mfa ?? null, singleFactorMinLength };
    if (length < ABSOLUTE_MIN_LENGTH) return fail({ messageId: "belowEight", data: { length, source }, evidence, severity: "high" });
    if (length >= singleFactorMinLength) return pass(evidence);
    if (mfa === undefined) return notEvaluated(`the minimum length is ${length}, and ${MFA_MODE_UNKNOWN}`);
    if (mfa === "ON") return pass(evidence);
    return fail({ messageId: "singleFactor", data: { length, source, mfa, minimum: singleFactorMinLength }, evidence, severity: "medium" });
  },
});
