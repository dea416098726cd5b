import rule from "../../rules/email-sender-default.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

const SES = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";
const pool = (overrides: Parameters<typeof userPool>[0]) => poolEntry({ userPool: userPool(overrides) });

testRule(rule, {
  valid: [
    { name: "SES (DEVELOPER)", entry: pool({ EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: SES, From: "no-reply@example.com" } }) },
    {
      name: "a custom email sender trigger sends the mail",
      entry: pool({
        EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
        LambdaConfig: { CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:mailer" }, KMSKeyID: "arn:aws:kms:eu-west-1:123456789012:key/1" },
      }),
    },
  ],
  invalid: [
    {
      name: "COGNITO_DEFAULT",
      entry: pool({ EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" } }),
      messageId: "cognitoDefault",
      severity: "low",
      evidence: { EmailSendingAccount: "COGNITO_DEFAULT", effectiveSendingAccount: "COGNITO_DEFAULT" },
    },
    {
      name: "EmailConfiguration absent: AWS default COGNITO_DEFAULT",
      entry: pool({ EmailConfiguration: undefined }),
      messageId: "cognitoDefault",
      evidence: { EmailSendingAccount: null, effectiveSendingAccount: "COGNITO_DEFAULT" },
    },
    {
      name: "EmailSendingAccount absent",
      entry: pool({ EmailConfiguration: { SourceArn: SES } }),
      messageId: "cognitoDefault",
      evidence: { SourceArn: SES },
    },
    {
      name: "custom FROM address through Cognito's account still fails",
      entry: pool({ EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT", SourceArn: SES, From: "no-reply@example.com" } }),
      messageId: "cognitoDefault",
      evidence: { From: "no-reply@example.com" },
    },
  ],
});
