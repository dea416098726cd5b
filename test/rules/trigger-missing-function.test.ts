import rule from "../../rules/trigger-missing-function.js";
import { functionArn, lambdaFunction, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const gate = functionArn("gate");
const foreign = functionArn("gate", "999999999999");
const withTrigger = (arn: string, functions: Record<string, ReturnType<typeof lambdaFunction> | { configuration: null }> | undefined) =>
  poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: arn, PostAuthentication: arn } }), lambdaFunctions: functions });

testRule(rule, {
  valid: [
    { name: "the function exists", entry: withTrigger(gate, { [gate]: lambdaFunction(gate) }), resource: gate },
    {
      name: "the function exists but has no resource policy",
      entry: withTrigger(gate, { [gate]: lambdaFunction(gate, {}, null) }),
      resource: gate,
    },
  ],
  invalid: [
    {
      name: "GetFunctionConfiguration said ResourceNotFound",
      entry: withTrigger(gate, { [gate]: { configuration: null } }),
      resource: gate,
      messageId: "missing",
      severity: "high",
      evidence: { exists: false, triggers: ["PreSignUp", "PostAuthentication"], sameAccountAsPool: true, functionAccount: "123456789012" },
    },
    {
      name: "a missing function in another account",
      entry: withTrigger(foreign, { [foreign]: { configuration: null } }),
      resource: foreign,
      messageId: "missing",
      evidence: { sameAccountAsPool: false, functionAccount: "999999999999" },
    },
    {
      name: "a missing alias",
      entry: withTrigger(`${gate}:live`, { [`${gate}:live`]: { configuration: null } }),
      resource: `${gate}:live`,
      messageId: "missing",
    },
  ],
  notApplicable: [{ name: "no triggers configured", entry: poolEntry({ lambdaFunctions: {} }) }],
  notEvaluated: [
    {
      name: "Lambda functions were not collected",
      entry: withTrigger(gate, undefined),
      resource: gate,
      reason: /lambdaFunctions was not collected/,
    },
    {
      name: "this function was not collected",
      entry: withTrigger(gate, {}),
      resource: gate,
      reason: /not collected \(GetFunctionConfiguration\)/,
    },
    {
      name: "GetFunctionConfiguration was denied",
      entry: {
        ...withTrigger(foreign, {}),
        errors: [{ operation: "GetFunctionConfiguration", code: "AccessDeniedException", message: "not authorized", resource: foreign }],
      },
      resource: foreign,
      reason: /AccessDeniedException/,
    },
  ],
});
