import { defineConfigRule, fail, pass } from "../src/engine/rule.js";
import type { LogDeliveryConfiguration } from "../src/snapshot/types.js";

type LogConfiguration = NonNullable<LogDeliveryConfiguration["LogConfigurations"]>[number];

/** Where an export goes: the ARN of its log group, bucket or stream; undefined without one. */
function destination(c: LogConfiguration): string | undefined {
  return c.CloudWatchLogsConfiguration?.LogGroupArn || c.S3Configuration?.BucketArn || c.FirehoseConfiguration?.StreamArn || undefined;
}

export default defineConfigRule({
  id: "auth-event-logging",
  resourceType: "userPool",
  severity: "low",
  title: "User pool activity is not exported to logs",
  rationale:
    "CloudTrail records Cognito's API calls but not the outcome of each sign-in or why a code was not delivered. Without a log export (user authentication events with their risk decisions on the PLUS plan, or at least message-delivery errors), an account takeover or an SMS/email delivery failure leaves nothing to investigate or alert on.",
  remediation:
    "With SetLogDeliveryConfiguration, export userAuthEvents at INFO (PLUS plan with threat protection) to CloudWatch Logs, S3 or Firehose, or at least userNotification at ERROR to CloudWatch Logs.",
  anchors: ["https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetLogDeliveryConfiguration.html"],
  requires: ["logDeliveryConfiguration"],
  messages: {
    none: "No log delivery is configured: sign-in events and message-delivery errors are not exported.",
    noExport: "Log delivery exports neither userAuthEvents nor userNotification errors (configured: {{configured}}).",
  },
  check({ pool }) {
    const userPool = pool.entry.userPool;
    const configurations = pool.entry.logDeliveryConfiguration?.LogConfigurations ?? [];
    const exports = configurations.map((c) => ({
      EventSource: c.EventSource ?? "absent",
      LogLevel: c.LogLevel ?? "absent",
      destination: destination(c) ?? "none",
    }));
    const useful = configurations.filter((c) => {
      if (!destination(c)) return false;
      const source = c.EventSource?.toLowerCase();
      const level = c.LogLevel?.toUpperCase();
      if (source === "userauthevents") return true;
      return source === "usernotification" && (level === "ERROR" || level === "INFO");
    });
    const evidence = {
      exports,
      UserPoolTier: userPool.UserPoolTier ?? "not reported",
      AdvancedSecurityMode: userPool.UserPoolAddOns?.AdvancedSecurityMode ?? "absent (OFF)",
    };
    if (useful.length > 0) return pass(evidence);
    const hint = { hint: "userAuthEvents needs the PLUS plan with threat protection; userNotification at ERROR works on every plan" };
    if (configurations.length === 0) return fail({ messageId: "none", evidence: { ...evidence, ...hint } });
    const configured = exports.map((e) => `${e.EventSource}/${e.LogLevel}${e.destination === "none" ? " without a destination" : ""}`).join(", ");
    return fail({ messageId: "noExport", data: { configured }, evidence: { ...evidence, ...hint } });
  },
});
