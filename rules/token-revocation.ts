import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "token-revocation",
  resourceType: "client",
  severity: "medium",
  title: "Token revocation is disabled",
  rationale:
    "Without token revocation, signing out (GlobalSignOut, RevokeToken) cannot invalidate a refresh token: a stolen refresh token keeps minting access tokens until it expires.",
  remediation: "Set EnableTokenRevocation to true on the app client.",
  anchors: ["Prowler cognito_user_pool_client_token_revocation_enabled", "https://docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html"],
  messages: {
    disabled: "EnableTokenRevocation is false: refresh tokens of this client cannot be revoked.",
  },
  check({ client }) {
    if (client.EnableTokenRevocation === undefined) {
      return notEvaluated("DescribeUserPoolClient did not report EnableTokenRevocation");
    }
    return client.EnableTokenRevocation ? pass() : fail({ messageId: "disabled", evidence: { EnableTokenRevocation: false } });
  },
});
