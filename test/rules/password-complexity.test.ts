import rule from "../../rules/password-complexity.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type PasswordPolicy = NonNullable<NonNullable<UserPool["Policies"]>["PasswordPolicy"]>;
const ALL = { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true };
const pool = (policy: PasswordPolicy) => poolEntry({ userPool: userPool({ Policies: { PasswordPolicy: policy } }) });

testRule(rule, {
  valid: [
    { name: "all four classes required", entry: pool(ALL) },
    { name: "no password policy reported (AWS default requires all four)", entry: poolEntry({ userPool: userPool({ Policies: undefined }) }) },
  ],
  invalid: [
    {
      name: "symbols not required",
      entry: pool({ ...ALL, RequireSymbols: false }),
      messageId: "missing",
      severity: "low",
      evidence: { RequireSymbols: false, RequireUppercase: true, notRequired: ["RequireSymbols"] },
    },
    {
      name: "nothing required",
      entry: pool({ MinimumLength: 16, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false }),
      messageId: "missing",
      evidence: { notRequired: ["RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"] },
    },
    { name: "uppercase not required", entry: pool({ ...ALL, RequireUppercase: false }), messageId: "missing", evidence: { notRequired: ["RequireUppercase"] } },
    { name: "lowercase not required", entry: pool({ ...ALL, RequireLowercase: false }), messageId: "missing", evidence: { notRequired: ["RequireLowercase"] } },
    { name: "numbers not required", entry: pool({ ...ALL, RequireNumbers: false }), messageId: "missing", evidence: { notRequired: ["RequireNumbers"] } },
    {
      name: "a policy that omits the flags does not require them",
      entry: pool({ MinimumLength: 12 }),
      messageId: "missing",
      evidence: { notRequired: ["RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"] },
    },
  ],
});
