import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "deletion-protection",
  resourceType: "userPool",
  severity: "medium",
  title: "Deletion protection is off",
  rationale:
    "Deleting a user pool takes every user and their credentials out of service at once, with no self-service restore (AWS Support can restore it within 14 days). Deletion protection turns a mistaken or malicious DeleteUserPool (a wrong Terraform plan, a compromised role) into an error.",
  remediation: "Set DeletionProtection to ACTIVE on the user pool.",
  anchors: ["FSBP Cognito.6", "Prowler cognito_user_pool_deletion_protection_enabled", "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-deletion-protection.html"],
  messages: {
    inactive: "DeletionProtection is INACTIVE: one DeleteUserPool call erases every user.",
  },
  check({ pool }) {
    const value = pool.entry.userPool.DeletionProtection;
    // AWS always reports the setting; its absence means the endpoint does not support it.
    if (value === undefined) return notEvaluated("DescribeUserPool did not report DeletionProtection");
    return value === "ACTIVE" ? pass() : fail({ messageId: "inactive", evidence: { DeletionProtection: value } });
  },
});
