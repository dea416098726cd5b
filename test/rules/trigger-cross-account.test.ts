import rule from "../../rules/trigger-cross-account.js";
import { functionArn, lambdaFunction, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const OTHER = "999999999999";
const local = functionArn("gate");
const foreign = functionArn("gate", OTHER);

testRule(rule, {
  valid: [
    {
      name: "function in the pool's account",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: local } }), lambdaFunctions: { [local]: lambdaFunction(local) } }),
      resource: local,
    },
    {
      name: "LambdaArn object in the pool's account",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: local, LambdaVersion: "V2_0" } } }) }),
      resource: local,
    },
    {
      name: "a qualified ARN (alias) in the pool's account",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PostConfirmation: `${local}:live` } }) }),
      resource: `${local}:live`,
    },
  ],
  invalid: [
    {
      name: "PreSignUp in another account",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: foreign } }) }),
      resource: foreign,
      messageId: "crossAccount",
      severity: "high",
      evidence: { functionAccount: OTHER, poolAccount: "123456789012", triggers: ["PreSignUp"] },
    },
    {
      name: "custom SMS sender object in another account",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { CustomSMSSender: { LambdaArn: foreign, LambdaVersion: "V1_0" }, KMSKeyID: "arn:aws:kms:eu-west-1:123456789012:key/1" } }) }),
      resource: foreign,
      messageId: "crossAccount",
      evidence: { triggers: ["CustomSMSSender"] },
    },
    {
      name: "one foreign function serving several triggers is one finding",
      entry: poolEntry({
        userPool: userPool({ LambdaConfig: { PreTokenGeneration: foreign, PreTokenGenerationConfig: { LambdaArn: foreign, LambdaVersion: "V2_0" }, DefineAuthChallenge: foreign } }),
      }),
      resource: foreign,
      messageId: "crossAccount",
      evidence: { triggers: ["PreTokenGeneration", "PreTokenGenerationConfig", "DefineAuthChallenge"] },
    },
    {
      name: "inbound federation in another account, next to a local trigger",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: local, InboundFederation: { LambdaArn: foreign, LambdaVersion: "V1_0" } } }) }),
      resource: foreign,
      messageId: "crossAccount",
    },
    {
      name: "no Lambda data is needed",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { UserMigration: `${foreign}:prod` } }), lambdaFunctions: undefined }),
      resource: `${foreign}:prod`,
      messageId: "crossAccount",
    },
  ],
  notApplicable: [{ name: "no triggers configured", entry: poolEntry({ userPool: userPool({ LambdaConfig: {} }) }) }],
  notEvaluated: [
    {
      name: "not a function ARN",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: "my-function" } }) }),
      resource: "my-function",
      reason: /not a Lambda function ARN/,
    },
  ],
});
