import { allowsRefreshTokens, effectiveAuthFlows } from "../src/cognito/authFlows.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "refresh-token-rotation",
  resourceType: "client",
  severity: "low",
  title: "Refresh tokens are not rotated",
  rationale:
    "Without rotation a refresh token is reused for its whole lifetime, so a copy stolen from a device, a log or a backup keeps working next to the legitimate one and nobody notices. With rotation every refresh invalidates the submitted token and issues a new one, so a stolen token is useful only until the next refresh.",
  remediation:
    "Enable RefreshTokenRotation (Feature ENABLED, a short RetryGracePeriodSeconds), remove ALLOW_REFRESH_TOKEN_AUTH from ExplicitAuthFlows and refresh sessions with GetTokensFromRefreshToken or the OAuth token endpoint.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html"],
  messages: {
    notRotated:
      "The client accepts refresh tokens ({{flows}}) but refresh token rotation is {{feature}}: each refresh token stays reusable for its whole lifetime.",
  },
  check({ client }) {
    const rotation = client.RefreshTokenRotation;
    const feature = typeof rotation?.Feature === "string" ? rotation.Feature.toUpperCase() : undefined;
    const { flows, defaulted } = effectiveAuthFlows(client);
    const refreshAuth = allowsRefreshTokens(client);
    const evidence = {
      RefreshTokenRotation: feature ?? "absent (AWS default: DISABLED)",
      ...(typeof rotation?.RetryGracePeriodSeconds === "number" ? { RetryGracePeriodSeconds: rotation.RetryGracePeriodSeconds } : {}),
      ExplicitAuthFlows: flows,
      ...(defaulted ? { explicitAuthFlowsDefaulted: true } : {}),
    };
    if (feature === "ENABLED") {
      return pass({
        ...evidence,
        ...(refreshAuth
          ? { note: "ALLOW_REFRESH_TOKEN_AUTH is still listed; AWS refuses REFRESH_TOKEN_AUTH on a rotating client, so remove it" }
          : {}),
      });
    }
    // A client that neither rotates nor lists ALLOW_REFRESH_TOKEN_AUTH is outside the rule's condition.
    if (!refreshAuth) return null;
    return fail({
      messageId: "notRotated",
      data: {
        flows: defaulted ? "ALLOW_REFRESH_TOKEN_AUTH, by AWS's default flows" : "ALLOW_REFRESH_TOKEN_AUTH",
        feature: feature === undefined ? "not configured (DISABLED)" : feature,
      },
      evidence,
    });
  },
});
