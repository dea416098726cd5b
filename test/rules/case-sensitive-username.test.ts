import rule from "../../rules/case-sensitive-username.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

testRule(rule, {
  valid: [{ name: "case-insensitive", entry: poolEntry({ userPool: userPool({ UsernameConfiguration: { CaseSensitive: false } }) }) }],
  invalid: [
    {
      name: "explicitly case-sensitive",
      entry: poolEntry({ userPool: userPool({ UsernameConfiguration: { CaseSensitive: true } }) }),
      messageId: "caseSensitive",
      severity: "low",
      evidence: { caseSensitive: true },
    },
    {
      name: "configuration absent: legacy, case-sensitive",
      entry: poolEntry({ userPool: userPool({ UsernameConfiguration: undefined }) }),
      messageId: "legacy",
      severity: "low",
      evidence: { UsernameConfiguration: null },
    },
    {
      name: "configuration without CaseSensitive: the AWS default is true",
      entry: poolEntry({ userPool: userPool({ UsernameConfiguration: { CaseSensitive: undefined } }) }),
      messageId: "caseSensitive",
    },
  ],
});
