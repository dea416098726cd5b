import rule from "../../rules/feature-plan-lite.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const onTier = (UserPoolTier: "LITE" | "ESSENTIALS" | "PLUS" | undefined) => poolEntry({ userPool: userPool({ UserPoolTier }) });

testRule(rule, {
  valid: [
    { name: "ESSENTIALS", entry: onTier("ESSENTIALS") },
    { name: "PLUS", entry: onTier("PLUS") },
  ],
  invalid: [
    { name: "LITE", entry: onTier("LITE"), messageId: "lite", severity: "info", evidence: { UserPoolTier: "LITE" } },
    { name: "lower-case lite", entry: onTier("lite" as "LITE"), messageId: "lite" },
  ],
  notEvaluated: [{ name: "tier not reported", entry: onTier(undefined), reason: /UserPoolTier/ }],
});
