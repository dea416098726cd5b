import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "sms-configuration-failure",
  resourceType: "userPool",
  severity: "low",
  title: "The pool cannot deliver SMS",
  rationale:
    "Cognito reports SmsConfigurationFailure when it cannot send text messages: the account is still in the SNS SMS sandbox, the SMS role cannot publish, or the spending limit is reached. Users then never receive their MFA, verification or recovery codes, which locks them out and pushes teams to weaken MFA or recovery to restore access.",
  remediation: "Fix the cause Cognito reports: move the account out of the SNS SMS sandbox, repair the SMS IAM role and its trust policy, or raise the SNS spending limit.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html"],
  messages: {
    failing: "Cognito reports an SMS configuration failure: {{failure}}.",
  },
  check({ pool }) {
    const failure = pool.entry.userPool.SmsConfigurationFailure;
    if (typeof failure !== "string" || failure.trim() === "") return pass();
    return fail({ messageId: "failing", data: { failure: failure.trim() }, evidence: { SmsConfigurationFailure: failure, snsCallerArn: pool.entry.userPool.SmsConfiguration?.SnsCallerArn ?? null } });
  },
});
