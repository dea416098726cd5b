import { expect } from "vitest";
import rule from "../../rules/auth-event-logging.js";
import type { LogDeliveryConfiguration } from "../../src/snapshot/types.js";
import { poolEntry, userPool } from "../helpers/factories.js";
import { testRule } from "../helpers/ruleTester.js";

type LogConfiguration = NonNullable<LogDeliveryConfiguration["LogConfigurations"]>[number];
const LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/cognito";
const withLogs = (...LogConfigurations: LogConfiguration[]) =>
  poolEntry({ userPool: userPool({ UserPoolTier: "PLUS" }), logDeliveryConfiguration: { UserPoolId: "pool", LogConfigurations } });
const cw = { CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } };

testRule(rule, {
  valid: [
    { name: "userAuthEvents to S3", entry: withLogs({ EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: "arn:aws:s3:::auth-logs" } }) },
    { name: "userAuthEvents to Firehose", entry: withLogs({ EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/auth" } }) },
    { name: "userNotification errors to CloudWatch", entry: withLogs({ EventSource: "userNotification", LogLevel: "ERROR", ...cw }) },
    { name: "userNotification at INFO", entry: withLogs({ EventSource: "userNotification", LogLevel: "INFO", ...cw }) },
    {
      name: "case-insensitive source and level",
      entry: withLogs({ EventSource: "USERNOTIFICATION" as "userNotification", LogLevel: "error" as "ERROR", ...cw }),
    },
    {
      name: "one useful export among others",
      entry: withLogs({ EventSource: "userNotification", LogLevel: "ERROR" }, { EventSource: "userAuthEvents", LogLevel: "INFO", ...cw }),
    },
  ],
  invalid: [
    {
      name: "no log delivery configured",
      entry: poolEntry({ logDeliveryConfiguration: null }),
      messageId: "none",
      severity: "low",
      evidence: { exports: [], hint: expect.stringContaining("PLUS") },
    },
    { name: "an empty configuration list", entry: withLogs(), messageId: "none" },
    {
      name: "an export without a destination does not count",
      entry: withLogs({ EventSource: "userNotification", LogLevel: "ERROR" }),
      messageId: "noExport",
      evidence: { exports: [{ EventSource: "userNotification", LogLevel: "ERROR", destination: "none" }] },
    },
    {
      name: "an unknown event source",
      entry: withLogs({ EventSource: "somethingElse" as "userNotification", LogLevel: "ERROR", ...cw }),
      messageId: "noExport",
      evidence: { exports: [{ EventSource: "somethingElse", destination: LOG_GROUP }] },
    },
    {
      name: "userNotification without a level",
      entry: withLogs({ EventSource: "userNotification", LogLevel: undefined, ...cw }),
      messageId: "noExport",
    },
  ],
  notEvaluated: [
    {
      name: "GetLogDeliveryConfiguration failed",
      entry: poolEntry({
        logDeliveryConfiguration: undefined,
        errors: [{ operation: "GetLogDeliveryConfiguration", code: "AccessDeniedException", message: "denied" }],
      }),
      reason: /GetLogDeliveryConfiguration failed with AccessDeniedException/,
    },
    { name: "not collected", entry: poolEntry({ logDeliveryConfiguration: undefined }), reason: /logDeliveryConfiguration was not collected/ },
  ],
});
