import rule from "../../rules/identity-pool-guest-access.js";
import { identityPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "authenticated identities only", region: { identityPools: [identityPool({ AllowUnauthenticatedIdentities: false })] } }],
  invalid: [
    {
      name: "guest access",
      region: { identityPools: [identityPool({ IdentityPoolName: "guests", AllowUnauthenticatedIdentities: true })] },
      messageId: "guestAccess",
      severity: "medium",
      evidence: { IdentityPoolName: "guests", AllowUnauthenticatedIdentities: true, AllowClassicFlow: false },
    },
    {
      name: "guest access with the classic flow",
      region: { identityPools: [identityPool({ AllowUnauthenticatedIdentities: true, AllowClassicFlow: true })] },
      messageId: "guestAccess",
      evidence: { AllowClassicFlow: true },
    },
    {
      name: "the right pool among several",
      region: {
        identityPools: [
          identityPool({ IdentityPoolId: "eu-west-1:11111111-1111-1111-1111-111111111111" }),
          identityPool({ IdentityPoolId: "eu-west-1:22222222-2222-2222-2222-222222222222", AllowUnauthenticatedIdentities: true }),
        ],
      },
      resource: "identitypool/eu-west-1:22222222-2222-2222-2222-222222222222",
      messageId: "guestAccess",
    },
  ],
  notApplicable: [{ name: "no identity pools in the region", region: { identityPools: [] } }],
  notEvaluated: [
    {
      name: "AllowUnauthenticatedIdentities not reported",
      region: { identityPools: [identityPool({ AllowUnauthenticatedIdentities: undefined })] },
      reason: /AllowUnauthenticatedIdentities/,
    },
    {
      name: "identity pools could not be listed",
      region: { identityPools: undefined, errors: [{ operation: "ListIdentityPools", code: "AccessDeniedException", message: "denied" }] },
      reason: /ListIdentityPools failed with AccessDeniedException/,
    },
  ],
});
