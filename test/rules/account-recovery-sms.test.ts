import rule from "../../rules/account-recovery-sms.js";
import type { UserPool } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type Mechanisms = NonNullable<NonNullable<UserPool["AccountRecoverySetting"]>["RecoveryMechanisms"]>;
const pool = (RecoveryMechanisms: Mechanisms | undefined) => poolEntry({ userPool: userPool({ AccountRecoverySetting: { RecoveryMechanisms } }) });

testRule(rule, {
  valid: [
    { name: "email only", entry: pool([{ Name: "verified_email", Priority: 1 }]) },
    { name: "admin only", entry: pool([{ Name: "admin_only", Priority: 1 }]) },
    {
      name: "email first, phone as a fallback",
      entry: pool([
        { Name: "verified_phone_number", Priority: 2 },
        { Name: "verified_email", Priority: 1 },
      ]),
    },
  ],
  invalid: [
    {
      name: "no AccountRecoverySetting (legacy: SMS preferred)",
      entry: poolEntry({ userPool: userPool({ AccountRecoverySetting: undefined }) }),
      messageId: "legacy",
      severity: "medium",
      evidence: { AccountRecoverySetting: null },
    },
    { name: "a setting without mechanisms", entry: pool([]), messageId: "legacy", severity: "medium" },
    { name: "mechanisms absent", entry: pool(undefined), messageId: "legacy" },
    {
      name: "phone first, email second",
      entry: pool([
        { Name: "verified_email", Priority: 2 },
        { Name: "verified_phone_number", Priority: 1 },
      ]),
      messageId: "smsFirst",
      severity: "medium",
      evidence: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }, { Name: "verified_email", Priority: 2 }] },
    },
    { name: "phone only", entry: pool([{ Name: "verified_phone_number", Priority: 1 }]), messageId: "smsFirst" },
    { name: "upper-case mechanism name", entry: pool([{ Name: "VERIFIED_PHONE_NUMBER" as "verified_phone_number", Priority: 1 }]), messageId: "smsFirst" },
  ],
});
