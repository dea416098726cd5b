import rule from "../../rules/mfa-sms-only.js";
import type { MfaConfig } from "../../src/snapshot/types.js";
import { ACCOUNT, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const SMS = { SmsAuthenticationMessage: "Your code is {####}", SmsConfiguration: { SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/cognito-sms`, ExternalId: "x" } };
const withMfa = (mfa: "ON" | "OPTIONAL" | "OFF", config: MfaConfig) =>
  poolEntry({ userPool: userPool({ MfaConfiguration: mfa }), mfaConfig: { MfaConfiguration: mfa, ...config } });

testRule(rule, {
  valid: [
    { name: "TOTP only", entry: withMfa("ON", { SoftwareTokenMfaConfiguration: { Enabled: true } }) },
    { name: "SMS and TOTP", entry: withMfa("ON", { SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: true } }) },
    { name: "an empty SmsMfaConfiguration is no SMS factor", entry: withMfa("ON", { SmsMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: false } }) },
    { name: "SMS and email MFA", entry: withMfa("OPTIONAL", { SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false }, EmailMfaConfiguration: {} }) },
    {
      name: "SMS and passkeys that satisfy MFA",
      entry: withMfa("ON", {
        SmsMfaConfiguration: SMS,
        SoftwareTokenMfaConfiguration: { Enabled: false },
        WebAuthnConfiguration: { RelyingPartyId: "auth.example.com", FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" },
      }),
    },
    {
      name: "passkey factor setting in another case",
      entry: withMfa("ON", {
        SmsMfaConfiguration: SMS,
        WebAuthnConfiguration: { FactorConfiguration: "multi_factor_with_user_verification" as "MULTI_FACTOR_WITH_USER_VERIFICATION" },
      }),
    },
  ],
  invalid: [
    {
      name: "MFA ON with SMS only",
      entry: withMfa("ON", { SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false } }),
      messageId: "smsOnly",
      severity: "medium",
      evidence: { MfaConfiguration: "ON", smsMfa: true, softwareTokenMfa: false, emailMfa: false, passkeyFactorConfiguration: null },
    },
    {
      name: "MFA OPTIONAL with SMS only, TOTP setting absent",
      entry: withMfa("OPTIONAL", { SmsMfaConfiguration: SMS }),
      messageId: "smsOnly",
      severity: "medium",
    },
    {
      name: "a single-factor passkey configuration is not a second factor",
      entry: withMfa("ON", { SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false }, WebAuthnConfiguration: { FactorConfiguration: "SINGLE_FACTOR" } }),
      messageId: "smsOnly",
      evidence: { passkeyFactorConfiguration: "SINGLE_FACTOR" },
    },
    {
      name: "WebAuthnConfiguration without FactorConfiguration defaults to single factor",
      entry: withMfa("ON", { SmsMfaConfiguration: SMS, WebAuthnConfiguration: { RelyingPartyId: "auth.example.com", UserVerification: "preferred" } }),
      messageId: "smsOnly",
      evidence: { passkeyFactorConfiguration: "SINGLE_FACTOR (default)" },
    },
    {
      name: "MFA setting only in GetUserPoolMfaConfig",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: { MfaConfiguration: "ON", SmsMfaConfiguration: SMS } }),
      messageId: "smsOnly",
    },
  ],
  notApplicable: [
    { name: "MFA OFF", entry: withMfa("OFF", { SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false } }) },
  ],
  notEvaluated: [
    {
      name: "GetUserPoolMfaConfig failed",
      entry: (() => {
        const entry = poolEntry({ errors: [{ operation: "GetUserPoolMfaConfig", code: "AccessDeniedException", message: "denied" }] });
        delete entry.mfaConfig;
        return entry;
      })(),
      reason: /GetUserPoolMfaConfig failed with AccessDeniedException/,
    },
    {
      name: "no MFA setting anywhere",
      entry: poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: { SmsMfaConfiguration: SMS } }),
      reason: /MfaConfiguration/,
    },
  ],
});
