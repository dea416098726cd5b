import rule from "../../rules/password-history.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const pool = (UserPoolTier: UserPool["UserPoolTier"], PasswordHistorySize?: number) =>
  poolEntry({ userPool: userPool({ UserPoolTier, Policies: { PasswordPolicy: { MinimumLength: 12, PasswordHistorySize } } }) });

testRule(rule, {
  valid: [
    { name: "Essentials with history 5", entry: pool("ESSENTIALS", 5) },
    { name: "Plus with history 24", entry: pool("PLUS", 24) },
    { name: "lower-case tier with history", entry: pool("plus" as "PLUS", 1) },
  ],
  invalid: [
    { name: "Essentials without history", entry: pool("ESSENTIALS"), messageId: "noHistory", severity: "low", evidence: { UserPoolTier: "ESSENTIALS", PasswordHistorySize: null } },
    { name: "Plus with history 0", entry: pool("PLUS", 0), messageId: "noHistory", severity: "low", evidence: { PasswordHistorySize: 0 } },
    { name: "no Policies at all", entry: poolEntry({ userPool: userPool({ UserPoolTier: "ESSENTIALS", Policies: undefined }) }), messageId: "noHistory" },
    { name: "lower-case tier without history", entry: pool("essentials" as "ESSENTIALS"), messageId: "noHistory", evidence: { UserPoolTier: "ESSENTIALS" } },
  ],
  notApplicable: [{ name: "Lite has no password history", entry: pool("LITE") }],
  notEvaluated: [
    { name: "tier not reported", entry: pool(undefined), reason: /UserPoolTier/ },
    { name: "unknown tier", entry: pool("ENTERPRISE" as "PLUS"), reason: /ENTERPRISE/ },
  ],
});
