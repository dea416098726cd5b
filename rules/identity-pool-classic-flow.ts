import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "identity-pool-classic-flow",
  resourceType: "identityPool",
  severity: "medium",
  title: "The identity pool allows the classic (basic) authentication flow",
  rationale:
    "The classic flow hands the caller an OpenID token (GetOpenIdToken) to exchange directly with STS AssumeRoleWithWebIdentity, for any role whose trust policy accepts the pool. It bypasses the enhanced flow's role selection (rules, claim-based roles) and the session policy Cognito applies to guest credentials, so a caller can pick the most privileged role the trust policies allow.",
  remediation: "Set AllowClassicFlow to false and use the enhanced flow (GetCredentialsForIdentity); make sure role trust policies check cognito-identity.amazonaws.com:aud and amr.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html", "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html"],
  messages: {
    classicFlow: "Identity pool {{name}} allows the classic flow: callers exchange its OpenID tokens with STS themselves and choose the role{{guests}}.",
  },
  check({ identityPool }) {
    const classic = identityPool.AllowClassicFlow === true;
    const evidence = {
      IdentityPoolId: identityPool.IdentityPoolId ?? null,
      IdentityPoolName: identityPool.IdentityPoolName ?? null,
      // Absent: the AWS default, false.
      AllowClassicFlow: identityPool.AllowClassicFlow ?? false,
      AllowUnauthenticatedIdentities: identityPool.AllowUnauthenticatedIdentities ?? null,
    };
    if (!classic) return pass(evidence);
    return fail({
      messageId: "classicFlow",
      data: {
        name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? "",
        guests: identityPool.AllowUnauthenticatedIdentities === true ? " (guests too: unauthenticated identities are allowed)" : "",
      },
      evidence,
    });
  },
});
