import rule from "../../rules/deletion-protection.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "ACTIVE", entry: poolEntry({ userPool: userPool({ DeletionProtection: "ACTIVE" }) }) }],
  invalid: [{ name: "INACTIVE", entry: poolEntry({ userPool: userPool({ DeletionProtection: "INACTIVE" }) }), messageId: "inactive", severity: "medium" }],
  notEvaluated: [{ name: "not reported by the endpoint", entry: poolEntry({ userPool: userPool({ DeletionProtection: undefined }) }), reason: /DeletionProtection/ }],
});
