import rule from "../../rules/account-recovery-sms.js";
import type { MfaConfig, UserPool, UserPoolEntry } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type Mechanisms = NonNullable<NonNullable<UserPool["AccountRecoverySetting"]>["RecoveryMechanisms"]>;
const ROLE = "arn:aws:iam::123456789012:role/cognito-sms";
const SMS = { SmsConfiguration: { SnsCallerArn: ROLE, ExternalId: "x" } };
const EMAIL_MFA: MfaConfig = { MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Subject: "Your code" } };

/** A pool that can send SMS (an SNS caller role), with these recovery mechanisms. */
const pool = (RecoveryMechanisms: Mechanisms | undefined, extra: Partial<UserPool> = SMS, entry: Partial<UserPoolEntry> = {}) =>
  poolEntry({ userPool: userPool({ MfaConfiguration: "OPTIONAL", AccountRecoverySetting: { RecoveryMechanisms }, ...extra }), ...entry });
const emailThenPhone: Mechanisms = [
  { Name: "verified_phone_number", Priority: 2 },
  { Name: "verified_email", Priority: 1 },
];
const ORDERED = [{ Name: "verified_email", Priority: 1 }, { Name: "verified_phone_number", Priority: 2 }];

testRule(rule, {
  valid: [
    { name: "email only", entry: pool([{ Name: "verified_email", Priority: 1 }]), evidence: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }], SnsCallerArn: ROLE } },
    { name: "admin only", entry: pool([{ Name: "admin_only", Priority: 1 }]) },
    {
      name: "email first, phone as a fallback, no email MFA",
      entry: pool(emailThenPhone),
      evidence: { RecoveryMechanisms: ORDERED, SnsCallerArn: ROLE, emailMfa: false },
    },
    {
      name: "email only with email MFA: no SMS route (those users need an administrator)",
      entry: pool([{ Name: "verified_email", Priority: 1 }], SMS, { mfaConfig: EMAIL_MFA }),
    },
    {
      name: "email MFA configured but MFA OFF: nobody has email MFA",
      entry: pool(emailThenPhone, { ...SMS, MfaConfiguration: "OFF" }, { mfaConfig: { ...EMAIL_MFA, MfaConfiguration: "OFF" } }),
      evidence: { RecoveryMechanisms: ORDERED, SnsCallerArn: ROLE, emailMfa: false },
    },
  ],
  invalid: [
    {
      name: "no AccountRecoverySetting (legacy: SMS preferred)",
      entry: poolEntry({ userPool: userPool({ AccountRecoverySetting: undefined, ...SMS }) }),
      messageId: "legacy",
      severity: "medium",
      evidence: { AccountRecoverySetting: null, SnsCallerArn: ROLE },
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
      evidence: { RecoveryMechanisms: [{ Name: "verified_phone_number", Priority: 1 }, { Name: "verified_email", Priority: 2 }], SnsCallerArn: ROLE },
    },
    { name: "phone only", entry: pool([{ Name: "verified_phone_number", Priority: 1 }]), messageId: "smsFirst" },
    { name: "upper-case mechanism name", entry: pool([{ Name: "VERIFIED_PHONE_NUMBER" as "verified_phone_number", Priority: 1 }]), messageId: "smsFirst" },
    {
      name: "email first with a phone fallback and email MFA: email-MFA users recover by SMS",
      entry: pool(emailThenPhone, SMS, { mfaConfig: EMAIL_MFA }),
      messageId: "emailMfaFallback",
      severity: "medium",
      data: { priority: 2 },
      evidence: { RecoveryMechanisms: ORDERED, SnsCallerArn: ROLE, emailMfa: true },
    },
    {
      name: "the SNS role set through SetUserPoolMfaConfig counts as SMS configuration",
      entry: pool(emailThenPhone, {}, { mfaConfig: { ...EMAIL_MFA, SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: ROLE } } } }),
      messageId: "emailMfaFallback",
      evidence: { SnsCallerArn: ROLE, emailMfa: true },
    },
    {
      name: "legacy pool that cannot send SMS: a low finding",
      entry: poolEntry({ userPool: userPool({ AccountRecoverySetting: undefined, SmsConfiguration: undefined }) }),
      messageId: "smsUnavailable",
      severity: "low",
      data: { route: "AccountRecoverySetting is not set, and the legacy behaviour prefers SMS" },
      evidence: { AccountRecoverySetting: null, SnsCallerArn: null },
    },
    {
      name: "phone first without SMS configuration: low",
      entry: pool([{ Name: "verified_phone_number", Priority: 1 }], {}),
      messageId: "smsUnavailable",
      severity: "low",
      data: { route: "verified_phone_number is the priority-1 recovery mechanism" },
    },
    {
      name: "email MFA fallback without SMS configuration: low",
      entry: pool(emailThenPhone, {}, { mfaConfig: EMAIL_MFA }),
      messageId: "smsUnavailable",
      severity: "low",
      data: { route: "users with email MFA cannot recover by email and fall back to verified_phone_number" },
      evidence: { SnsCallerArn: null, emailMfa: true },
    },
  ],
  notEvaluated: [
    {
      name: "email first with a phone fallback, MFA configuration not collected",
      entry: pool(emailThenPhone, SMS, {
        mfaConfig: undefined,
        errors: [{ operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /whether email MFA sends its users to that fallback is unknown: GetUserPoolMfaConfig failed with AccessDeniedException/,
    },
  ],
});
