import rule from "../../rules/user-migration-trigger.js";
import { functionArn, lambdaFunction, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const migrate = functionArn("migrate");
const gate = functionArn("gate");

testRule(rule, {
  valid: [
    { name: "a function that serves other triggers only", entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: gate, UserMigration: migrate } }) }), resource: gate },
  ],
  invalid: [
    {
      name: "a UserMigration trigger",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { UserMigration: migrate } }) }),
      resource: migrate,
      messageId: "migration",
      severity: "low",
      evidence: { functionArn: migrate, triggers: ["UserMigration"] },
    },
    {
      name: "one function serving UserMigration and other triggers",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { PreSignUp: migrate, UserMigration: migrate } }) }),
      resource: migrate,
      messageId: "migration",
      evidence: { triggers: ["PreSignUp", "UserMigration"] },
    },
    {
      name: "evidence dates the function when it was collected",
      entry: poolEntry({
        userPool: userPool({ LambdaConfig: { UserMigration: migrate } }),
        lambdaFunctions: { [migrate]: lambdaFunction(migrate, { LastModified: "2023-02-01T10:00:00.000+0000" }) },
      }),
      resource: migrate,
      messageId: "migration",
      evidence: { functionLastModified: "2023-02-01T10:00:00.000+0000" },
    },
    {
      name: "no Lambda data is needed",
      entry: poolEntry({ userPool: userPool({ LambdaConfig: { UserMigration: `${migrate}:live` } }), lambdaFunctions: undefined }),
      resource: `${migrate}:live`,
      messageId: "migration",
    },
  ],
  notApplicable: [{ name: "no triggers configured", entry: poolEntry({ userPool: userPool({ LambdaConfig: undefined }) }) }],
});
