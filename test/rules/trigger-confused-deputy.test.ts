import rule from "../../rules/trigger-confused-deputy.js";
import type { PolicyStatement, ResourcePolicy } from "../../src/snapshot/types.js";
import { functionArn, lambdaFunction, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const gate = functionArn("gate");
const POOL_ARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc";
const cognito = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: "cognito",
  Effect: "Allow",
  Principal: { Service: "cognito-idp.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: gate,
  ...extra,
});
const withPolicy = (policy: ResourcePolicy | null) =>
  poolEntry({ userPool: userPool({ LambdaConfig: { PreTokenGeneration: gate } }), lambdaFunctions: { [gate]: lambdaFunction(gate, {}, policy) } });
const withStatements = (...statements: PolicyStatement[]) => withPolicy({ Version: "2012-10-17", Statement: statements });

testRule(rule, {
  valid: [
    { name: "the factory's policy: ArnLike AWS:SourceArn with the account", entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: { [gate]: lambdaFunction(gate) } }), resource: gate },
    { name: "StringEquals aws:SourceAccount", entry: withStatements(cognito({ Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } })), resource: gate },
    { name: "ArnEquals aws:SourceArn naming the pool", entry: withStatements(cognito({ Condition: { ArnEquals: { "aws:SourceArn": POOL_ARN } } })), resource: gate },
    { name: "condition keys are case-insensitive", entry: withStatements(cognito({ Condition: { StringEquals: { "AWS:SOURCEACCOUNT": "123456789012" } } })), resource: gate },
    {
      name: "a wildcard SourceArn is fine when SourceAccount pins the account",
      entry: withStatements(cognito({ Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cognito-idp:*:*:userpool/*" }, StringEquals: { "aws:SourceAccount": "123456789012" } } })),
      resource: gate,
    },
    { name: "a single statement object instead of a list", entry: withPolicy({ Version: "2012-10-17", Statement: cognito({ Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }) }), resource: gate },
    { name: "no resource policy", entry: withPolicy(null), resource: gate },
    { name: "an empty policy", entry: withPolicy({ Version: "2012-10-17" }), resource: gate },
    { name: "an unscoped statement for another service", entry: withStatements(cognito({ Sid: "s3", Principal: { Service: "s3.amazonaws.com" } })), resource: gate },
    { name: "an unscoped statement that does not grant invoke", entry: withStatements(cognito({ Action: "lambda:GetFunction" })), resource: gate },
    { name: "an unscoped Deny statement", entry: withStatements(cognito({ Effect: "Deny" })), resource: gate },
  ],
  invalid: [
    {
      name: "no condition at all",
      entry: withStatements(cognito()),
      resource: gate,
      messageId: "unscoped",
      severity: "medium",
      evidence: { functionArn: gate, statements: [{ sid: "cognito", principal: "cognito-idp.amazonaws.com", sourceConditions: [], scoped: false }] },
    },
    {
      name: "the service principal in a list",
      entry: withStatements(cognito({ Principal: { Service: ["events.amazonaws.com", "cognito-idp.amazonaws.com"] } })),
      resource: gate,
      messageId: "unscoped",
    },
    {
      name: "a condition on another key",
      entry: withStatements(cognito({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } })),
      resource: gate,
      messageId: "unscoped",
    },
    {
      name: "a SourceArn whose account is a wildcard",
      entry: withStatements(cognito({ Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cognito-idp:*:*:userpool/*" } } })),
      resource: gate,
      messageId: "unscoped",
      evidence: { statements: [{ sid: "cognito", scoped: false, sourceConditions: ['ArnLike aws:SourceArn "arn:aws:cognito-idp:*:*:userpool/*"'] }] },
    },
    { name: "SourceArn \"*\"", entry: withStatements(cognito({ Condition: { ArnLike: { "aws:SourceArn": "*" } } })), resource: gate, messageId: "unscoped" },
    {
      name: "a negated operator excludes an account but admits all others",
      entry: withStatements(cognito({ Condition: { StringNotEquals: { "aws:SourceAccount": "111111111111" } } })),
      resource: gate,
      messageId: "unscoped",
    },
    { name: "a Null check only requires the key", entry: withStatements(cognito({ Condition: { Null: { "aws:SourceArn": "false" } } })), resource: gate, messageId: "unscoped" },
    {
      name: "principal \"*\"",
      entry: withStatements(cognito({ Sid: "public", Principal: "*" })),
      resource: gate,
      messageId: "unscoped",
      evidence: { statements: [{ sid: "public", principal: "*" }] },
    },
    { name: "lambda:* action", entry: withStatements(cognito({ Action: ["lambda:*"] })), resource: gate, messageId: "unscoped" },
    {
      name: "evidence names the unscoped statement among scoped ones, even without a Sid",
      entry: withStatements(
        cognito({ Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }),
        cognito({ Sid: undefined, Principal: { Service: "COGNITO-IDP.amazonaws.com" } }),
      ),
      resource: gate,
      messageId: "unscoped",
      evidence: { statements: [{ sid: "cognito", scoped: true }, { sid: "#2 (no Sid)", scoped: false }] },
    },
  ],
  notApplicable: [
    {
      name: "the function does not exist",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: { [gate]: { configuration: null } } }),
    },
  ],
  notEvaluated: [
    {
      name: "GetPolicy was not collected",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: { [gate]: { configuration: lambdaFunction(gate).configuration! } } }),
      resource: gate,
      reason: /not collected \(GetPolicy\)/,
    },
    {
      name: "GetPolicy was denied",
      entry: poolEntry({
        userPool: userPool({ LambdaConfig: { PreSignUp: gate } }),
        lambdaFunctions: { [gate]: { configuration: lambdaFunction(gate).configuration! } },
        errors: [{ operation: "GetPolicy", code: "AccessDeniedException", message: "no lambda:GetPolicy", resource: gate }],
      }),
      resource: gate,
      reason: /GetPolicy failed with AccessDeniedException/,
    },
    { name: "Lambda functions were not collected", entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate } }), lambdaFunctions: undefined }), resource: gate, reason: /lambdaFunctions/ },
  ],
});
