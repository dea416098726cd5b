import rule from "../../rules/admin-scope.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withClient = (c: Parameters<typeof appClient>[0]) => poolEntry({ clients: [appClient(c)] });
const withScopes = (...AllowedOAuthScopes: string[]) => withClient({ AllowedOAuthScopes });

testRule(rule, {
  valid: [
    { name: "openid, email and profile", entry: withScopes("openid", "email", "profile") },
    { name: "a custom resource-server scope", entry: withScopes("openid", "https://api.example.com/orders.read") },
    { name: "no scopes configured", entry: withClient({ AllowedOAuthScopes: undefined }) },
    { name: "a look-alike custom scope", entry: withScopes("aws.cognito.signin.user.admin.readonly") },
    { name: "scopes are case-sensitive: a differently cased value is not the admin scope", entry: withScopes("AWS.COGNITO.SIGNIN.USER.ADMIN") },
  ],
  invalid: [
    {
      name: "admin scope with the code flow",
      entry: withScopes("openid", "aws.cognito.signin.user.admin"),
      messageId: "adminScope",
      severity: "medium",
      evidence: { AllowedOAuthScopes: ["openid", "aws.cognito.signin.user.admin"], AllowedOAuthFlows: ["code"], AllowedOAuthFlowsUserPoolClient: true },
    },
    {
      name: "admin scope even when OAuth is switched off in the client",
      entry: withClient({ AllowedOAuthScopes: ["aws.cognito.signin.user.admin"], AllowedOAuthFlows: undefined, AllowedOAuthFlowsUserPoolClient: undefined }),
      messageId: "adminScope",
      evidence: { AllowedOAuthFlows: [], AllowedOAuthFlowsUserPoolClient: false },
    },
  ],
  notEvaluated: [
    {
      name: "the client could not be described",
      entry: poolEntry({
        clients: [{ ClientId: "hidden", ClientName: "hidden" }],
        errors: [{ operation: "DescribeUserPoolClient", code: "AccessDeniedException", message: "not authorized", resource: "hidden" }],
      }),
      reason: /DescribeUserPoolClient failed with AccessDeniedException/,
    },
  ],
});
