import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "user-existence-errors",
  resourceType: "client",
  severity: "medium",
  title: "Sign-in errors reveal which users exist",
  rationale:
    "In LEGACY mode Cognito answers UserNotFoundException for unknown users and NotAuthorizedException for wrong passwords, so anyone can test which email addresses have accounts, then aim password spraying and phishing at them.",
  remediation: "Set PreventUserExistenceErrors to ENABLED on the app client.",
  anchors: ["Prowler cognito_user_pool_client_prevent_user_existence_errors", "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html"],
  messages: {
    legacy: "PreventUserExistenceErrors is {{value}}: sign-in, confirmation and password-reset answers tell whether a user exists.",
  },
  check({ client }) {
    const value = client.PreventUserExistenceErrors;
    if (value === "ENABLED") return pass();
    // The API's default for a client created without the setting is LEGACY.
    return fail({ messageId: "legacy", data: { value: value ?? "not set (LEGACY)" }, evidence: { PreventUserExistenceErrors: value ?? null } });
  },
});
