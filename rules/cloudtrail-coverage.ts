import { judgeTrail } from "../src/cognito/trails.js";
import { defineConfigRule, fail, pass } from "../src/engine/rule.js";

export default defineConfigRule({
  id: "cloudtrail-coverage",
  resourceType: "region",
  severity: "high",
  title: "No CloudTrail trail records management events in this region",
  rationale:
    "CloudTrail is the only record of who changed a user pool or identity pool: MFA switched off, a callback URL added, a client secret read, a user's password reset by an administrator. Without a logging trail that records read and write management events in the region, an attacker's changes leave no trace and incident response starts blind (\"if you don't install cameras\").",
  remediation:
    "Create (or fix) a multi-region trail that is logging and records all management events (ReadWriteType All, or an advanced selector on eventCategory = Management without a readOnly filter), ideally an organization trail delivering to a locked-down bucket.",
  anchors: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html", "https://docs.aws.amazon.com/cognito/latest/developerguide/understanding-amazon-cognito-entries.html"],
  requires: ["trails"],
  messages: {
    noTrail: "There is no CloudTrail trail in {{region}}: changes to its Cognito pools are not recorded.",
    notRecorded: "None of the {{count}} trail(s) seen in {{region}} is logging all management events for the region: changes to its Cognito pools are not recorded.",
    unconfirmed:
      "No trail could be confirmed to record management events in {{region}}: {{unknown}} of {{count}} trail(s) could not be fully read, and none of the others counts.",
  },
  check({ region }) {
    const trails = region.entry.trails ?? [];
    const verdicts = trails.map((t) => judgeTrail(t, region.region, region.entry.errors));
    const evidence = { region: region.region, trails: verdicts.map(({ unknown: _unknown, ...v }) => v) };
    if (verdicts.some((v) => v.counts)) return pass(evidence);
    if (trails.length === 0) return fail({ messageId: "noTrail", data: { region: region.region }, evidence });
    const unknown = verdicts.filter((v) => v.unknown).length;
    if (unknown > 0) return fail({ messageId: "unconfirmed", data: { region: region.region, unknown, count: trails.length }, evidence });
    return fail({ messageId: "notRecorded", data: { region: region.region, count: trails.length }, evidence });
  },
});
