import rule from "../../rules/password-auth-flow.js";
import { appClient, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withFlows = (ExplicitAuthFlows: string[] | undefined) => poolEntry({ clients: [appClient({ ExplicitAuthFlows: ExplicitAuthFlows as never })] });
/** A client with the given flows in a pool with the given sign-in policy (undefined: none, AWS's PASSWORD only). */
const choiceBased = (ExplicitAuthFlows: string[], AllowedFirstAuthFactors: string[] | undefined) =>
  poolEntry({
    userPool: userPool({ Policies: { SignInPolicy: AllowedFirstAuthFactors ? { AllowedFirstAuthFactors: AllowedFirstAuthFactors as never } : undefined } }),
    clients: [appClient({ ExplicitAuthFlows: ExplicitAuthFlows as never })],
  });

testRule(rule, {
  valid: [
    { name: "SRP and refresh tokens", entry: withFlows(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) },
    { name: "ExplicitAuthFlows absent: AWS's defaults have no password flow", entry: withFlows(undefined) },
    { name: "ExplicitAuthFlows empty: same defaults", entry: withFlows([]) },
    {
      name: "choice-based USER_AUTH in a passwordless pool",
      entry: choiceBased(["ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], ["WEB_AUTHN", "EMAIL_OTP"]),
      evidence: { ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], AllowedFirstAuthFactors: ["WEB_AUTHN", "EMAIL_OTP"] },
    },
    { name: "SRP only: the sign-in policy is not quoted", entry: choiceBased(["ALLOW_USER_SRP_AUTH"], ["PASSWORD"]), evidence: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] } },
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
    {
      name: "ALLOW_USER_AUTH with PASSWORD in the sign-in policy is medium",
      entry: choiceBased(["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], ["PASSWORD", "WEB_AUTHN"]),
      messageId: "userAuthPassword",
      severity: "medium",
      evidence: { ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"], passwordFlows: ["ALLOW_USER_AUTH"] },
    },
    {
      name: "ALLOW_USER_AUTH in a pool without a sign-in policy: PASSWORD only",
      entry: choiceBased(["ALLOW_USER_AUTH"], undefined),
      messageId: "userAuthPassword",
      evidence: { AllowedFirstAuthFactors: ["PASSWORD"], signInPolicyDefaulted: true, passwordFlows: ["ALLOW_USER_AUTH"] },
    },
    {
      name: "ALLOW_USER_AUTH and ALLOW_USER_PASSWORD_AUTH together",
      entry: choiceBased(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"], ["PASSWORD"]),
      messageId: "userPassword",
      severity: "medium",
      data: { flows: "ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH" },
      evidence: { passwordFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"] },
    },
    {
      name: "ALLOW_USER_AUTH with a password first factor outranks an admin flow",
      entry: choiceBased(["ALLOW_USER_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"], ["password"]),
      messageId: "userAuthPassword",
      severity: "medium",
      evidence: { passwordFlows: ["ALLOW_USER_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"] },
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
