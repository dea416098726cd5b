import rule from "../../rules/sms-geo-unrestricted.js";
import type { UserPool, UserPoolEntry, WebAcl } from "../../src/snapshot/types.js";
import { ACCOUNT, REGION, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const SMS_CONFIGURATION = { SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/cognito-sms`, ExternalId: "x" };
const SMS_MFA = { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: SMS_CONFIGURATION };
const EMAIL_RECOVERY = { RecoveryMechanisms: [{ Name: "verified_email" as const, Priority: 1 }] };

/** A pool whose only SMS channel is SMS MFA (email recovery, nothing auto-verified by phone). */
const smsMfaPool = (webAcl: WebAcl | null | undefined, pool: Partial<UserPool> = {}): UserPoolEntry => {
  const entry = poolEntry({
    userPool: userPool({ SmsConfiguration: SMS_CONFIGURATION, AccountRecoverySetting: EMAIL_RECOVERY, ...pool }),
    mfaConfig: { MfaConfiguration: "ON", SmsMfaConfiguration: SMS_MFA, SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
  return { ...entry, webAcl };
};

/** A pool that sends no SMS at all (TOTP MFA, email recovery, email verification). */
const quietPool = (pool: Partial<UserPool> = {}, webAcl: WebAcl | null = null): UserPoolEntry =>
  poolEntry({
    userPool: userPool({ AccountRecoverySetting: EMAIL_RECOVERY, AutoVerifiedAttributes: ["email"], ...pool }),
    mfaConfig: { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } },
    webAcl,
  });

let priority = 0;
const wafRule = (Name: string, Statement: object, Action: object) => ({ Name, Priority: ++priority, Statement, Action, VisibilityConfig: undefined });
const geo = (...CountryCodes: string[]) => ({ GeoMatchStatement: { CountryCodes } });
const acl = (rules: object[], defaultAction: object = { Allow: {} }): WebAcl =>
  ({
    Name: "cognito-acl",
    Id: "acl-1",
    ARN: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/cognito-acl/acl-1`,
    DefaultAction: defaultAction,
    VisibilityConfig: undefined,
    Rules: rules,
  }) as unknown as WebAcl;
const rateLimit = wafRule("rate-limit", { RateBasedStatement: { Limit: 100, AggregateKeyType: "IP" } }, { Block: {} });

testRule(rule, {
  valid: [
    { name: "blocks every country but the served ones (NotStatement)", entry: smsMfaPool(acl([wafRule("geo", { NotStatement: { Statement: geo("FR", "BE") } }, { Block: {} })])) },
    { name: "blocks a list of countries", entry: smsMfaPool(acl([rateLimit, wafRule("deny", geo("RU", "NG"), { Block: {} })])) },
    { name: "CAPTCHA outside the served countries", entry: smsMfaPool(acl([wafRule("captcha", { NotStatement: { Statement: geo("US") } }, { Captcha: {} })])) },
    {
      name: "country match nested in an AndStatement inside an OrStatement",
      entry: smsMfaPool(
        acl([
          wafRule(
            "nested",
            { OrStatement: { Statements: [{ ByteMatchStatement: {} }, { AndStatement: { Statements: [{ LabelMatchStatement: {} }, { NotStatement: { Statement: geo("DE") } }] } }] } },
            { Block: {} },
          ),
        ]),
      ),
    },
    { name: "country scope-down of a rate-based block", entry: smsMfaPool(acl([wafRule("rate-geo", { RateBasedStatement: { Limit: 100, ScopeDownStatement: geo("IN") } }, { Block: {} })])) },
    { name: "allow-list of countries with a blocking default action", entry: smsMfaPool(acl([wafRule("allow-eu", geo("FR", "DE"), { Allow: {} })], { Block: {} })) },
  ],
  invalid: [
    {
      name: "SMS MFA and no web ACL",
      entry: smsMfaPool(null),
      messageId: "noWebAcl",
      severity: "high",
      evidence: { smsChannels: ["SMS MFA (MFA ON)"], webAcl: null },
    },
    {
      name: "a web ACL without any country rule",
      entry: smsMfaPool(acl([rateLimit])),
      messageId: "noGeoRule",
      severity: "high",
      evidence: { webAcl: { name: "cognito-acl" }, geoRules: [], nonRestrictingGeoRules: [] },
    },
    {
      name: "a country rule that only counts",
      entry: smsMfaPool(acl([wafRule("count-geo", geo("RU"), { Count: {} })])),
      messageId: "noGeoRule",
      evidence: { nonRestrictingGeoRules: [{ rule: "count-geo", action: "Count" }] },
    },
    {
      name: "a country rule that allows, with an allowing default action",
      entry: smsMfaPool(acl([wafRule("allow-geo", geo("FR"), { Allow: {} })])),
      messageId: "noGeoRule",
    },
    {
      name: "a country rule with a silent Challenge is not a block",
      entry: smsMfaPool(acl([wafRule("challenge-geo", geo("RU"), { Challenge: {} })])),
      messageId: "noGeoRule",
    },
    {
      name: "SMS_OTP first factor",
      entry: quietPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "SMS_OTP"] } } }),
      messageId: "noWebAcl",
      evidence: { smsChannels: ["SMS_OTP first factor (passwordless sign-in)"] },
    },
    {
      name: "phone_number auto-verified",
      entry: quietPool({ AutoVerifiedAttributes: ["email", "phone_number"] }),
      messageId: "noWebAcl",
      evidence: { smsChannels: ["phone_number verification codes (auto-verified)"] },
    },
    {
      name: "phone recovery as a second mechanism",
      entry: quietPool({
        AccountRecoverySetting: {
          RecoveryMechanisms: [
            { Name: "verified_email", Priority: 1 },
            { Name: "verified_phone_number", Priority: 2 },
          ],
        },
      }),
      messageId: "noWebAcl",
      evidence: { smsChannels: ["account recovery by verified_phone_number"] },
    },
    {
      name: "legacy recovery (no AccountRecoverySetting) on a pool with an SMS role",
      entry: quietPool({ AccountRecoverySetting: undefined, SmsConfiguration: SMS_CONFIGURATION }),
      messageId: "noWebAcl",
    },
    {
      name: "enum values in another case",
      entry: quietPool({ AutoVerifiedAttributes: ["PHONE_NUMBER" as "phone_number"] }),
      messageId: "noWebAcl",
    },
    {
      name: "GetUserPoolMfaConfig not collected: SMS role and MFA OPTIONAL",
      entry: (() => {
        const entry = smsMfaPool(null, { MfaConfiguration: "OPTIONAL" });
        delete entry.mfaConfig;
        return entry;
      })(),
      messageId: "noWebAcl",
      evidence: { smsChannels: ["SMS MFA (MFA OPTIONAL; the pool has an SMS configuration)"] },
    },
  ],
  notApplicable: [
    { name: "a pool that cannot send SMS", entry: quietPool() },
    {
      name: "SMS MFA configured while MFA is OFF",
      entry: poolEntry({
        userPool: userPool({ MfaConfiguration: "OFF", AccountRecoverySetting: EMAIL_RECOVERY }),
        mfaConfig: { MfaConfiguration: "OFF", SmsMfaConfiguration: SMS_MFA },
        webAcl: null,
      }),
    },
    { name: "legacy recovery without an SMS role sends no text", entry: quietPool({ AccountRecoverySetting: undefined }) },
    {
      name: "an SMS role but TOTP-only MFA",
      entry: quietPool({ SmsConfiguration: SMS_CONFIGURATION }),
    },
  ],
  notEvaluated: [
    {
      name: "the web ACL was not collected",
      entry: (() => {
        const entry = smsMfaPool(undefined);
        entry.errors.push({ operation: "GetWebACLForResource", code: "AccessDeniedException", message: "not allowed" });
        return entry;
      })(),
      reason: /GetWebACLForResource failed with AccessDeniedException/,
    },
    {
      name: "SMS role, no MFA setting reported and no other channel",
      entry: (() => {
        const entry = quietPool({ SmsConfiguration: SMS_CONFIGURATION, MfaConfiguration: undefined });
        delete entry.mfaConfig;
        return entry;
      })(),
      reason: /MfaConfiguration/,
    },
    {
      name: "SMS MFA configured, no MFA setting reported and no other channel",
      entry: poolEntry({
        userPool: userPool({ MfaConfiguration: undefined, AccountRecoverySetting: EMAIL_RECOVERY }),
        mfaConfig: { SmsMfaConfiguration: SMS_MFA },
        webAcl: null,
      }),
      reason: /SMS MFA is configured but .*MfaConfiguration/,
    },
  ],
});
