import { describe, expect, it } from "vitest";
import { mfaActive, mfaMode, mfaSetupFactors } from "../../src/cognito/mfa.js";
import { poolEntry, userPool } from "../helpers/factories.js";

describe("mfaMode", () => {
  it("prefers DescribeUserPool, falls back to GetUserPoolMfaConfig, upper-cases", () => {
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: "ON" }), mfaConfig: { MfaConfiguration: "OFF" } }))).toBe("ON");
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: { MfaConfiguration: "optional" as never } }))).toBe("OPTIONAL");
    expect(mfaMode(poolEntry({ userPool: userPool({ MfaConfiguration: undefined }), mfaConfig: undefined }))).toBeUndefined();
  });

  it("is active when ON or OPTIONAL", () => {
    expect([mfaActive("ON"), mfaActive("OPTIONAL"), mfaActive("OFF"), mfaActive(undefined)]).toEqual([true, true, false, false]);
  });
});

describe("mfaSetupFactors", () => {
  it("counts SMS that can send, enabled TOTP and email; not a passkey", () => {
    expect(mfaSetupFactors({})).toEqual([]);
    expect(mfaSetupFactors({ SmsMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: false } })).toEqual([]);
    expect(
      mfaSetupFactors({
        SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns" } },
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: { Subject: "code" },
        WebAuthnConfiguration: { FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" },
      }),
    ).toEqual(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
  });
});
