import rule from "../../rules/identity-pool-token-check.js";
import { identityPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const provider = (ServerSideTokenCheck: boolean | undefined, pool = "eu-west-1_AAAA") => ({
  ProviderName: `cognito-idp.eu-west-1.amazonaws.com/${pool}`,
  ClientId: "client1",
  ...(ServerSideTokenCheck === undefined ? {} : { ServerSideTokenCheck }),
});

testRule(rule, {
  valid: [
    { name: "every provider checks tokens", region: { identityPools: [identityPool({ CognitoIdentityProviders: [provider(true), provider(true, "eu-west-1_BBBB")] })] } },
  ],
  invalid: [
    {
      name: "one provider without the check",
      region: { identityPools: [identityPool({ IdentityPoolName: "app", CognitoIdentityProviders: [provider(true), provider(false, "eu-west-1_BBBB")] })] },
      messageId: "noCheck",
      severity: "low",
      data: { name: "app", count: 1, provider: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_BBBB" },
      evidence: { providers: 2, withoutServerSideTokenCheck: [{ ProviderName: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_BBBB", ClientId: "client1" }] },
    },
  ],
  notApplicable: [
    { name: "no user pool providers", region: { identityPools: [identityPool({ CognitoIdentityProviders: [] })] } },
    { name: "providers not reported at all", region: { identityPools: [identityPool()] } },
  ],
  notEvaluated: [
    { name: "the setting is not reported", region: { identityPools: [identityPool({ CognitoIdentityProviders: [provider(undefined)] })] }, reason: /did not report ServerSideTokenCheck/ },
  ],
});
