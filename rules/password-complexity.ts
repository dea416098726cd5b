import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

const REQUIREMENTS = [
  ["RequireUppercase", "an uppercase letter"],
  ["RequireLowercase", "a lowercase letter"],
  ["RequireNumbers", "a number"],
  ["RequireSymbols", "a symbol"],
] as const;

export default defineConfigRule({
  id: "password-complexity",
  resourceType: "userPool",
  severity: "low",
  title: "The password policy does not require every character class",
  rationale:
    "Benchmarks such as AWS FSBP Cognito.3 and CIS expect uppercase, lowercase, number and symbol requirements. NIST SP 800-63B discourages such composition rules: they push users to predictable patterns (Password1!) and length matters more than character classes. Keep this check for benchmark compliance, or turn it off (the nist preset does) and enforce length instead.",
  remediation: "Set RequireUppercase, RequireLowercase, RequireNumbers and RequireSymbols to true in Policies.PasswordPolicy, or follow NIST and rely on length (password-min-length).",
  anchors: ["FSBP Cognito.3", "Prowler cognito_user_pool_password_policy_lowercase", "Prowler cognito_user_pool_password_policy_uppercase", "Prowler cognito_user_pool_password_policy_number", "Prowler cognito_user_pool_password_policy_symbol", "Steampipe cognito_user_pool_password_policy_with_strong_configuration", "Pacu cognito__enum", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html"],
  messages: {
    missing: "The password policy does not require {{missing}}.",
  },
  check({ pool }) {
    const policy = pool.entry.userPool.Policies?.PasswordPolicy;
    // No policy reported: AWS's default policy requires all four classes.
    if (!policy) return pass({ PasswordPolicy: "not reported: the AWS default policy requires every class" });
    const settings = Object.fromEntries(REQUIREMENTS.map(([field]) => [field, policy[field] === true]));
    const missing = REQUIREMENTS.filter(([field]) => policy[field] !== true);
    if (missing.length === 0) return pass(settings);
    return fail({
      messageId: "missing",
      data: { missing: missing.map(([, label]) => label).join(", ") },
      evidence: { ...settings, notRequired: missing.map(([field]) => field) },
    });
  },
});
