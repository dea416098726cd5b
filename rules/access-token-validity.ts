import { defineConfigRule, fail, number, pass } from "../src/engine/rule.js";
import { effectiveTokenLifetime, humanDuration } from "../src/cognito/tokens.js";

export default defineConfigRule({
  id: "access-token-validity",
  resourceType: "client",
  severity: "medium",
  title: "Access or ID tokens live too long",
  rationale:
    "Access and ID tokens are bearer tokens that APIs accept without calling Cognito. Revoking the refresh token or disabling the user does not invalidate them: a stolen token works until it expires.",
  remediation: "Lower AccessTokenValidity and IdTokenValidity to 60 minutes or less; let the refresh token renew them.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html"],
  options: {
    maxMinutes: number({ minimum: 5, maximum: 1440, default: 60, description: "Longest acceptable access or ID token lifetime, in minutes." }),
  },
  messages: {
    tooLong: "{{which}} stay valid for {{lifetime}}; the limit is {{maxMinutes}} minutes.",
  },
  check({ client }, { maxMinutes }) {
    const access = effectiveTokenLifetime(client, "access");
    const id = effectiveTokenLifetime(client, "id");
    const evidence = { accessTokenValidity: access.configured, idTokenValidity: id.configured, maxMinutes };
    const tooLong = [
      { name: "access tokens", lifetime: access },
      { name: "ID tokens", lifetime: id },
    ].filter((t) => t.lifetime.minutes > maxMinutes);
    if (tooLong.length === 0) return pass(evidence);
    const longest = Math.max(...tooLong.map((t) => t.lifetime.minutes));
    const which = tooLong.map((t) => t.name).join(" and ");
    return fail({
      messageId: "tooLong",
      data: { which: which[0]!.toUpperCase() + which.slice(1), lifetime: humanDuration(longest), maxMinutes },
      evidence,
      severity: longest >= 12 * 60 ? "medium" : "low",
    });
  },
});
