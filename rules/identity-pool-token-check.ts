import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "identity-pool-token-check",
  resourceType: "identityPool",
  severity: "low",
  title: "The identity pool accepts user pool tokens without checking that the user is still signed in",
  rationale:
    "Without ServerSideTokenCheck the identity pool only verifies the ID token's signature and expiry: a user who was signed out globally, disabled or deleted keeps getting AWS credentials with an ID token issued before, for up to the token's validity. With it, the identity pool asks the user pool first and answers Not Authorized for such users.",
  remediation: "Set ServerSideTokenCheck to true on each user pool provider of the identity pool (update-identity-pool, CognitoIdentityProviders).",
  anchors: ["https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CognitoIdentityProvider.html", "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html"],
  messages: {
    noCheck: "Identity pool {{name}} does not check with {{count}} user pool provider(s) (e.g. {{provider}}) whether the user is still signed in before it hands out AWS credentials.",
  },
  check({ identityPool }) {
    const providers = identityPool.CognitoIdentityProviders ?? [];
    if (providers.length === 0) return null;
    const unchecked = providers.filter((p) => p.ServerSideTokenCheck === false).map((p) => ({ ProviderName: p.ProviderName ?? "", ClientId: p.ClientId ?? null }));
    const evidence = { IdentityPoolId: identityPool.IdentityPoolId ?? null, providers: providers.length };
    if (unchecked.length === 0) {
      const unreported = providers.filter((p) => p.ServerSideTokenCheck === undefined).map((p) => p.ProviderName ?? "");
      if (unreported.length > 0) return notEvaluated(`DescribeIdentityPool did not report ServerSideTokenCheck for ${unreported.join(", ")}`);
      return pass(evidence);
    }
    return fail({
      messageId: "noCheck",
      data: { name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? "", count: unchecked.length, provider: unchecked[0]!.ProviderName },
      evidence: { ...evidence, withoutServerSideTokenCheck: unchecked },
    });
  },
});
