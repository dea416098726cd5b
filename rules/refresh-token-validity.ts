import { defineConfigRule, fail, number, pass } from "../src/engine/rule.js";
import { effectiveTokenLifetime, humanDuration, minutesToDays } from "../src/cognito/tokens.js";

export default defineConfigRule({
  id: "refresh-token-validity",
  resourceType: "client",
  severity: "high",
  title: "Refresh tokens live too long",
  rationale:
    "A refresh token mints new access and ID tokens until it expires. A leaked token from a lost phone, a log or a browser extension keeps working for its whole lifetime, and AWS allows up to 10 years.",
  remediation: "Lower RefreshTokenValidity to 30 days or less (and enable token revocation and refresh token rotation).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html"],
  options: {
    maxDays: number({ minimum: 0.04, maximum: 3650, default: 30, description: "Longest acceptable refresh token lifetime, in days." }),
  },
  messages: {
    tooLong: "Refresh tokens stay valid for {{lifetime}} (configured: {{configured}}); the limit is {{maxDays}} days.",
  },
  check({ client }, { maxDays }) {
    const lifetime = effectiveTokenLifetime(client, "refresh");
    const days = minutesToDays(lifetime.minutes);
    const evidence = { refreshTokenValidity: lifetime.configured, days: Math.round(days * 100) / 100, maxDays };
    if (days <= maxDays) return pass(evidence);
    return fail({
      messageId: "tooLong",
      data: { lifetime: humanDuration(lifetime.minutes), configured: lifetime.configured, maxDays },
      evidence,
      severity: days >= 365 ? "high" : "medium",
    });
  },
});
