import rule from "../../rules/self-signup-enabled.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "admin-only creation", entry: poolEntry({ userPool: userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } }) }) }],
  invalid: [
    {
      name: "self sign-up",
      entry: poolEntry({ userPool: userPool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } }) }),
      messageId: "open",
      evidence: { preSignUpTrigger: null },
    },
    { name: "setting absent (AWS default: self sign-up)", entry: poolEntry({ userPool: userPool({ AdminCreateUserConfig: undefined }) }), messageId: "open" },
    {
      name: "gated by a PreSignUp trigger still fails, and says so",
      entry: poolEntry({
        userPool: userPool({
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
          LambdaConfig: { PreSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:gate" },
        }),
      }),
      messageId: "open",
      evidence: { preSignUpTrigger: "arn:aws:lambda:eu-west-1:123456789012:function:gate" },
    },
  ],
});
