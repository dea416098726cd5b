import { defineConfigRule, fail, notEvaluated, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "identity-pool-guest-access",
  resourceType: "identityPool",
  severity: "medium",
  title: "The identity pool gives AWS credentials to unauthenticated guests",
  rationale:
    "With guest access on, anyone who knows the identity pool id (it ships in the web or mobile app) can call GetId and GetCredentialsForIdentity without signing in and receive temporary AWS credentials for the unauthenticated role. Whatever that role allows (S3 buckets, DynamoDB tables, Lambda, Location or Pinpoint APIs) is open to the internet, and over-broad guest roles are a classic path into an account.",
  remediation:
    "Set AllowUnauthenticatedIdentities to false; if the app really needs guest access, give the unauthenticated role the fewest permissions on the narrowest resources, and keep the classic flow off.",
  anchors: ["FSBP Cognito.2", "Prowler cognito_identity_pool_guest_access_disabled", "Checkov CKV_AWS_366", "Steampipe cognito_identity_pools_restrict_unauthenticated_identities", "https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html"],
  messages: {
    guestAccess: "Identity pool {{name}} allows unauthenticated identities: anyone with its id gets AWS credentials for the guest role{{classic}}.",
  },
  check({ identityPool }) {
    const allowed = identityPool.AllowUnauthenticatedIdentities;
    if (allowed === undefined) return notEvaluated("DescribeIdentityPool did not report AllowUnauthenticatedIdentities");
    const evidence = {
      IdentityPoolId: identityPool.IdentityPoolId ?? null,
      IdentityPoolName: identityPool.IdentityPoolName ?? null,
      AllowUnauthenticatedIdentities: allowed,
      AllowClassicFlow: identityPool.AllowClassicFlow ?? false,
    };
    if (allowed !== true) return pass(evidence);
    return fail({
      messageId: "guestAccess",
      data: {
        name: identityPool.IdentityPoolName ?? identityPool.IdentityPoolId ?? "",
        classic: identityPool.AllowClassicFlow === true ? ", and the classic flow lets guests assume it without the scope-down session policy" : "",
      },
      evidence,
    });
  },
});
