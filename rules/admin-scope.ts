import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import { ADMIN_SCOPE } from "../src/cognito/tokens.js";

export default defineConfigRule({
  id: "admin-scope",
  resourceType: "client",
  severity: "medium",
  title: "OAuth tokens carry the self-service admin scope",
  rationale:
    "An access token with aws.cognito.signin.user.admin authorizes the user-pool API operations on its own user: UpdateUserAttributes, ChangePassword, SetUserMFAPreference, AssociateSoftwareToken, DeleteUser. Handing it to every managed-login session means any script that reads the token (XSS, a malicious browser extension, a token leaked to a log or an API) can change the victim's email, switch off or replace their MFA device and take the account over.",
  remediation:
    "Remove aws.cognito.signin.user.admin from AllowedOAuthScopes; request it only in the client that really offers account self-service, and protect email and phone changes with AttributesRequireVerificationBeforeUpdate.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html"],
  messages: {
    adminScope: "AllowedOAuthScopes includes aws.cognito.signin.user.admin: every OAuth access token of this client can change its user's attributes, password and MFA settings.",
  },
  check({ client }) {
    // OAuth scopes are case-sensitive (RFC 6749 §3.3): only the exact value is the admin scope.
    const scopes = client.AllowedOAuthScopes ?? [];
    const evidence = {
      AllowedOAuthScopes: scopes,
      AllowedOAuthFlows: client.AllowedOAuthFlows ?? [],
      AllowedOAuthFlowsUserPoolClient: client.AllowedOAuthFlowsUserPoolClient ?? false,
    };
    return scopes.includes(ADMIN_SCOPE) ? fail({ messageId: "adminScope", evidence }) : pass(evidence);
  },
});
