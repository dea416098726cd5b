import rule from "../../rules/sms-configuration-failure.js";
import { ACCOUNT, poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const SNS_ROLE = `arn:aws:iam::${ACCOUNT}:role/cognito-sms`;

testRule(rule, {
  valid: [
    { name: "no failure reported", entry: poolEntry({ userPool: userPool({ SmsConfiguration: { SnsCallerArn: SNS_ROLE } }) }) },
    { name: "an empty failure string", entry: poolEntry({ userPool: userPool({ SmsConfigurationFailure: "" }) }) },
    { name: "a blank failure string", entry: poolEntry({ userPool: userPool({ SmsConfigurationFailure: "  " }) }) },
  ],
  invalid: [
    {
      name: "SNS sandbox",
      entry: poolEntry({ userPool: userPool({ SmsConfiguration: { SnsCallerArn: SNS_ROLE }, SmsConfigurationFailure: "SNS sandbox" }) }),
      messageId: "failing",
      severity: "low",
      evidence: { SmsConfigurationFailure: "SNS sandbox", snsCallerArn: SNS_ROLE },
    },
    {
      name: "a failure without an SMS configuration",
      entry: poolEntry({ userPool: userPool({ SmsConfigurationFailure: "User pool does not have SMS configuration to send messages." }) }),
      messageId: "failing",
      evidence: { snsCallerArn: null },
    },
  ],
});
