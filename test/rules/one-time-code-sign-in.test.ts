import rule from "../../rules/one-time-code-sign-in.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const withFactors = (...factors: string[]) => poolEntry({ userPool: userPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never[] } } }) });

testRule(rule, {
  valid: [
    { name: "no sign-in policy: password only", entry: poolEntry(), evidence: { AllowedFirstAuthFactors: ["PASSWORD"] } },
    { name: "password and passkey", entry: withFactors("PASSWORD", "WEB_AUTHN") },
    { name: "codes beside a password, by default", entry: withFactors("PASSWORD", "EMAIL_OTP"), evidence: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
    { name: "an empty list is AWS's default (password)", entry: withFactors() },
  ],
  invalid: [
    {
      name: "SMS codes only",
      entry: withFactors("SMS_OTP"),
      messageId: "only",
      severity: "high",
      data: { channels: "SMS (SIM swap, number porting)" },
    },
    {
      name: "email and SMS codes only, in any case",
      entry: withFactors("email_otp", "SMS_OTP"),
      messageId: "only",
      data: { channels: "SMS (SIM swap, number porting) or email (a compromised mailbox)" },
      evidence: { AllowedFirstAuthFactors: ["EMAIL_OTP", "SMS_OTP"] },
    },
    {
      name: "codes beside a passkey, with the option",
      entry: withFactors("WEB_AUTHN", "EMAIL_OTP"),
      options: { alongsideOtherFactors: true },
      messageId: "alongside",
      severity: "medium",
      data: { channels: "email (a compromised mailbox)", others: "WEB_AUTHN" },
    },
  ],
});
