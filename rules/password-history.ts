import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

/** Feature plans that offer password history (Policies.PasswordPolicy.PasswordHistorySize). */
const TIERS_WITH_HISTORY = ["ESSENTIALS", "PLUS"];

export default defineConfigRule({
  id: "password-history",
  resourceType: "userPool",
  severity: "low",
  title: "Users can reuse their previous passwords",
  rationale:
    "Without password history, a user told to change a leaked or expired password can set the same one again, and the credential that was exposed keeps working. The Essentials and Plus feature plans can remember up to 24 previous passwords; the pool pays for the plan but does not use it.",
  remediation: "Set Policies.PasswordPolicy.PasswordHistorySize (1-24; 5 or more is common).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html"],
  messages: {
    noHistory: "The pool is on the {{tier}} plan but PasswordHistorySize is {{size}}: users can set a previous password again.",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const reported = userPool.UserPoolTier;
    // AWS always reports the tier; local emulators may not.
    if (reported === undefined || reported === null) return notEvaluated("DescribeUserPool did not report UserPoolTier");
    const tier = reported.toUpperCase();
    if (tier === "LITE") return null;
    if (!TIERS_WITH_HISTORY.includes(tier)) return notEvaluated(`UserPoolTier ${reported} is not a known feature plan`);
    const size = userPool.Policies?.PasswordPolicy?.PasswordHistorySize;
    const evidence = { UserPoolTier: tier, PasswordHistorySize: size ?? null };
    if (typeof size === "number" && size > 0) return pass(evidence);
    return fail({ messageId: "noHistory", data: { tier, size: size === undefined || size === null ? "not set" : String(size) }, evidence });
  },
});
