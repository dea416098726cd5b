import rule from "../../rules/identity-pool-classic-flow.js";
import { identityPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [
    { name: "enhanced flow only", region: { identityPools: [identityPool({ AllowClassicFlow: false })] } },
    { name: "absent: the AWS default is false", region: { identityPools: [identityPool({ AllowClassicFlow: undefined })] } },
  ],
  invalid: [
    {
      name: "classic flow",
      region: { identityPools: [identityPool({ IdentityPoolName: "legacy", AllowClassicFlow: true })] },
      messageId: "classicFlow",
      severity: "medium",
      evidence: { IdentityPoolName: "legacy", AllowClassicFlow: true, AllowUnauthenticatedIdentities: false },
    },
    {
      name: "classic flow with guests",
      region: { identityPools: [identityPool({ AllowClassicFlow: true, AllowUnauthenticatedIdentities: true })] },
      messageId: "classicFlow",
      evidence: { AllowUnauthenticatedIdentities: true },
    },
  ],
  notApplicable: [{ name: "no identity pools in the region", region: { identityPools: [] } }],
  notEvaluated: [
    {
      name: "identity pools could not be described",
      region: { identityPools: undefined, errors: [{ operation: "DescribeIdentityPool", code: "ThrottlingException", message: "slow down" }] },
      reason: /DescribeIdentityPool failed with ThrottlingException/,
    },
  ],
});
