import rule from "../../rules/temporary-password-validity.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const pool = (TemporaryPasswordValidityDays: number | undefined, UnusedAccountValidityDays?: number) =>
  poolEntry({
    userPool: userPool({
      Policies: { PasswordPolicy: { MinimumLength: 12, TemporaryPasswordValidityDays } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays },
    }),
  });

testRule(rule, {
  valid: [
    { name: "1 day", entry: pool(1) },
    { name: "exactly 7 days", entry: pool(7) },
    { name: "absent: the AWS default of 7 days", entry: pool(undefined), },
    { name: "0 means the AWS default of 7 days", entry: pool(0) },
    { name: "no Policies at all", entry: poolEntry({ userPool: userPool({ Policies: undefined }) }) },
    { name: "a custom limit", entry: pool(30), options: { maxDays: 30 } },
    { name: "the current setting wins over the legacy one", entry: pool(3, 90) },
  ],
  invalid: [
    { name: "8 days", entry: pool(8), messageId: "tooLong", severity: "low", evidence: { days: 8, maxDays: 7, source: "TemporaryPasswordValidityDays" } },
    { name: "365 days", entry: pool(365), messageId: "tooLong", severity: "low" },
    { name: "a stricter limit fails the default", entry: pool(undefined), options: { maxDays: 3 }, messageId: "tooLong", evidence: { days: 7 } },
    {
      name: "legacy UnusedAccountValidityDays",
      entry: pool(undefined, 30),
      messageId: "tooLong",
      evidence: { days: 30, source: "legacy AdminCreateUserConfig.UnusedAccountValidityDays" },
    },
  ],
});
