import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "email-sender-default",
  resourceType: "userPool",
  severity: "low",
  title: "Email is sent through Cognito's built-in account",
  rationale:
    "With COGNITO_DEFAULT, Cognito sends verification, invitation and recovery mail from its own shared account with a small daily quota: once it is reached, sign-up confirmations and password-reset codes silently stop until the next day. The mail does not align with your domain's SPF/DKIM/DMARC, cannot be monitored (no bounce or complaint events), and comes from an address users cannot tell apart from phishing.",
  remediation:
    "Verify a sender identity in Amazon SES (out of the SES sandbox), then set EmailConfiguration.EmailSendingAccount to DEVELOPER with SourceArn pointing at that identity (or send mail through a CustomEmailSender trigger).",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailConfigurationType.html"],
  messages: {
    cognitoDefault: "Email is sent through Cognito's built-in account ({{setting}}): a small daily quota, and no DMARC alignment with your domain.",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const configuration = userPool.EmailConfiguration;
    const account = configuration?.EmailSendingAccount ?? "COGNITO_DEFAULT";
    const customSender = userPool.LambdaConfig?.CustomEmailSender?.LambdaArn || undefined;
    const evidence = {
      EmailSendingAccount: configuration?.EmailSendingAccount ?? null,
      effectiveSendingAccount: account,
      From: configuration?.From ?? null,
      SourceArn: configuration?.SourceArn ?? null,
      customEmailSender: customSender ?? null,
    };
    if (account.toUpperCase() !== "COGNITO_DEFAULT") return pass(evidence);
    // A custom email sender trigger receives every message instead of Cognito's mailer.
    if (customSender) return pass(evidence);
    const setting =
      configuration === undefined
        ? "EmailConfiguration is absent, so the AWS default COGNITO_DEFAULT applies"
        : configuration.EmailSendingAccount === undefined
          ? "EmailSendingAccount is absent, so the AWS default COGNITO_DEFAULT applies"
          : "EmailSendingAccount is COGNITO_DEFAULT";
    return fail({ messageId: "cognitoDefault", data: { setting }, evidence });
  },
});
