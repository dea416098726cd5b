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

const DEFAULT = "TemporaryPasswordValidityDays absent or 0: the AWS default";
const IGNORED = "no longer in use (AWS API reference)";

testRule(rule, {
  valid: [
    { name: "1 day", entry: pool(1), evidence: { days: 1, source: "TemporaryPasswordValidityDays", maxDays: 7 } },
    { name: "exactly 7 days", entry: pool(7) },
    { name: "absent: the AWS default of 7 days", entry: pool(undefined), evidence: { days: 7, source: DEFAULT, maxDays: 7 } },
    { name: "0 means the AWS default of 7 days", entry: pool(0), evidence: { days: 7, source: DEFAULT, maxDays: 7 } },
    { name: "no Policies at all", entry: poolEntry({ userPool: userPool({ Policies: undefined }) }) },
    { name: "a custom limit", entry: pool(30), options: { maxDays: 30 } },
    {
      name: "the legacy UnusedAccountValidityDays is no longer in use: absent means 7 days, whatever it says",
      entry: pool(undefined, 30),
      evidence: { days: 7, source: DEFAULT, maxDays: 7, UnusedAccountValidityDays: 30, UnusedAccountValidityDaysIgnored: IGNORED },
    },
    {
      name: "the current setting counts, the legacy one is shown and ignored",
      entry: pool(3, 90),
      evidence: { days: 3, source: "TemporaryPasswordValidityDays", maxDays: 7, UnusedAccountValidityDays: 90, UnusedAccountValidityDaysIgnored: IGNORED },
    },
  ],
  invalid: [
    {
      name: "8 days",
      entry: pool(8),
      messageId: "tooLong",
      severity: "low",
      data: { days: 8, maxDays: 7, source: "" },
      evidence: { days: 8, maxDays: 7, source: "TemporaryPasswordValidityDays" },
    },
    { name: "365 days", entry: pool(365), messageId: "tooLong", severity: "low" },
    {
      name: "a stricter limit fails the default",
      entry: pool(undefined),
      options: { maxDays: 3 },
      messageId: "tooLong",
      data: { days: 7, maxDays: 3, source: ` (${DEFAULT})` },
      evidence: { days: 7, source: DEFAULT },
    },
    {
      name: "0 with a stricter limit is the default of 7, not 0 days",
      entry: pool(0, 1),
      options: { maxDays: 3 },
      messageId: "tooLong",
      evidence: { days: 7, source: DEFAULT, UnusedAccountValidityDays: 1 },
    },
    {
      name: "a long current setting fails even when the legacy one is short",
      entry: pool(30, 1),
      messageId: "tooLong",
      evidence: { days: 30, source: "TemporaryPasswordValidityDays", UnusedAccountValidityDays: 1, UnusedAccountValidityDaysIgnored: IGNORED },
    },
  ],
});
