import rule from "../../rules/password-auth-flow.js";
import { appClient, poolEntry } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withFlows = (ExplicitAuthFlows: string[] | undefined) => poolEntry({ clients: [appClient({ ExplicitAuthFlows: ExplicitAuthFlows as never })] });

testRule(rule, {
  valid: [
    { name: "SRP and refresh tokens", entry: withFlows(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) },
    { name: "ExplicitAuthFlows absent: AWS's defaults have no password flow", entry: withFlows(undefined) },
    { name: "ExplicitAuthFlows empty: same defaults", entry: withFlows([]) },
    { name: "choice-based USER_AUTH and custom auth", entry: withFlows(["ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) },
    { name: "legacy custom-auth-only flow", entry: withFlows(["CUSTOM_AUTH_FLOW_ONLY"]) },
  ],
  invalid: [
    {
      name: "ALLOW_USER_PASSWORD_AUTH is medium",
      entry: withFlows(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
      messageId: "userPassword",
      severity: "medium",
      evidence: { passwordFlows: ["ALLOW_USER_PASSWORD_AUTH"] },
    },
    { name: "legacy USER_PASSWORD_AUTH is medium", entry: withFlows(["USER_PASSWORD_AUTH"]), messageId: "userPassword", severity: "medium" },
    {
      name: "user and admin password flows together are medium",
      entry: withFlows(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH"]),
      messageId: "userPassword",
      severity: "medium",
      evidence: { passwordFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"] },
    },
    {
      name: "ALLOW_ADMIN_USER_PASSWORD_AUTH alone is low",
      entry: withFlows(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
      messageId: "adminPassword",
      severity: "low",
      evidence: { passwordFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"] },
    },
    { name: "legacy ADMIN_NO_SRP_AUTH alone is low", entry: withFlows(["ADMIN_NO_SRP_AUTH"]), messageId: "adminPassword", severity: "low" },
    { name: "flow names in lower case", entry: withFlows(["allow_user_password_auth"]), messageId: "userPassword", severity: "medium" },
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
