import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "implicit-grant",
  resourceType: "client",
  severity: "high",
  title: "The OAuth implicit grant is allowed",
  rationale:
    "The implicit grant returns tokens in the URL fragment, where browser history, referrer headers, extensions and open redirects can leak them; there is no PKCE and no refresh token. OAuth 2.0 Security BCP (RFC 9700) says not to use it.",
  remediation: "Remove implicit from AllowedOAuthFlows and use the authorization code grant with PKCE.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html"],
  messages: {
    implicit: "AllowedOAuthFlows includes implicit: tokens are delivered in the URL fragment.",
  },
  check({ client }) {
    const flows = client.AllowedOAuthFlows ?? [];
    const evidence = { AllowedOAuthFlows: flows, AllowedOAuthFlowsUserPoolClient: client.AllowedOAuthFlowsUserPoolClient ?? false };
    return flows.includes("implicit") ? fail({ messageId: "implicit", evidence }) : pass(evidence);
  },
});
