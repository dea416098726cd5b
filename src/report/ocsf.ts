// OCSF 1.1.0 findings (docs/dashboards.md), for Amazon Security Lake and OCSF-native SIEMs: a
// configuration check is a Compliance Finding (class 2003), a CloudTrail detection (sign-in
// activity, changes) a Detection Finding (class 2004). One JSON array, one event per line.
// Modelled on the schema at https://schema.ocsf.io/1.1.0/ (classes compliance_finding and
// detection_finding; objects metadata, product, finding_info, cloud, account, resource_details,
// compliance, remediation); test/fixtures/schemas/ocsf-1.1.0-findings.json is its strict model.
import type { Severity } from "../engine/severity.js";
import type { FindingStatus } from "../engine/findings.js";
import { toSnapshotData } from "../snapshot/redact.js";
import { inPieces } from "../util/pieces.js";
import { citesFsbp, clip, dashboardFindings, dashboardText, eventWindow, jsonArray, partitionOf, referenceUrls, requirementAnchors, type DashboardFinding } from "./dashboard.js";
import type { Report } from "./model.js";

/** The OCSF schema version the events follow (metadata.version). */
export const OCSF_VERSION = "1.1.0";

const COMPLIANCE_FINDING = 2003;
const DETECTION_FINDING = 2004;
const FINDINGS_CATEGORY = 2;

/** severity_id: 1 Informational … 5 Critical. */
const SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: "Informational" },
  low: { id: 2, name: "Low" },
  medium: { id: 3, name: "Medium" },
  high: { id: 4, name: "High" },
  critical: { id: 5, name: "Critical" },
};

/** The finding's lifecycle (status_id): a passed check is a resolved finding. */
const STATUS: Record<FindingStatus, { id: number; name: string }> = {
  fail: { id: 1, name: "New" },
  not_evaluated: { id: 1, name: "New" },
  suppressed: { id: 3, name: "Suppressed" },
  pass: { id: 4, name: "Resolved" },
};

/** The compliance check's result (compliance.status_id): "Warning" is OCSF's "no result, information missing". */
const COMPLIANCE: Record<FindingStatus, { id: number; name: string }> = {
  fail: { id: 3, name: "Fail" },
  suppressed: { id: 3, name: "Fail" },
  not_evaluated: { id: 2, name: "Warning" },
  pass: { id: 1, name: "Pass" },
};

/** The standard every configuration check belongs to: cognito-audit's rules (and FSBP, when a rule cites one of its controls). */
const TOOL_STANDARD = "cognito-audit rules";
const FSBP_STANDARD = "AWS Foundational Security Best Practices";

/** Text fields are kept within a size any consumer stores (a finding message is a sentence or two). */
const MAX_TEXT = 4096;

export function renderOcsf(report: Report): string {
  return [...renderOcsfChunks(report)].join("");
}

/** The events as chunks of JSON text; joined, one JSON array. */
export function renderOcsfChunks(report: Report): Iterable<string> {
  const time = Date.parse(report.generatedAt);
  const accountNames = new Map(report.accounts.flatMap((a) => (a.name !== undefined && a.name !== "" ? [[a.accountId, a.name] as const] : [])));
  const product = { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version, url_string: report.tool.informationUri };
  return inPieces(jsonArray(dashboardFindings(report), (item) => ocsfEvent(item, time, product, accountNames)));
}

function ocsfEvent(item: DashboardFinding, time: number, product: Record<string, string>, accountNames: Map<string, string>): Record<string, unknown> {
  const { finding, rule, detection, id } = item;
  const classUid = detection ? DETECTION_FINDING : COMPLIANCE_FINDING;
  // A failure already in the baseline is the same finding again: an update, not a new one.
  const activity = finding.baselineState === "unchanged" ? { id: 2, name: "Update" } : { id: 1, name: "Create" };
  const className = detection ? "Detection Finding" : "Compliance Finding";
  const severity = SEVERITY[finding.severity];
  const status = STATUS[finding.status];
  const { resource } = finding;
  const accountName = accountNames.get(resource.accountId);
  const window = detection ? eventWindow(finding) : {};
  const partition = partitionOf(resource.arn);
  const references = referenceUrls(rule);
  const requirements = requirementAnchors(rule);
  const message = clip(dashboardText(finding.status === "not_evaluated" ? `Not evaluated: ${finding.reason ?? finding.message}` : finding.message) || finding.ruleId, MAX_TEXT);
  return {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: FINDINGS_CATEGORY,
    category_name: "Findings",
    class_uid: classUid,
    class_name: className,
    type_uid: classUid * 100 + activity.id,
    type_name: `${className}: ${activity.name}`,
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    time,
    message,
    metadata: { version: OCSF_VERSION, product, uid: id, profiles: ["cloud"] },
    finding_info: {
      uid: id,
      title: clip(dashboardText(rule?.title) || finding.ruleId, MAX_TEXT),
      desc: message,
      types: [detection ? "Sign-in and change activity" : "Configuration check"],
      ...(rule ? { src_url: rule.helpUri } : {}),
      ...(window.first !== undefined ? { first_seen_time: window.first } : {}),
      ...(window.last !== undefined ? { last_seen_time: window.last } : {}),
    },
    cloud: {
      provider: "AWS",
      account: { uid: resource.accountId, type_id: 10, type: "AWS Account", ...(accountName !== undefined ? { name: clip(dashboardText(accountName), MAX_TEXT) } : {}) },
      region: resource.region,
    },
    resources: [
      {
        uid: resource.arn,
        name: clip(dashboardText(resource.name) || resource.arn, MAX_TEXT),
        type: resource.type,
        region: resource.region,
        ...(partition ? { cloud_partition: partition } : {}),
      },
    ],
    ...(detection
      ? {}
      : {
          compliance: {
            control: finding.ruleId,
            standards: [TOOL_STANDARD, ...(citesFsbp(rule) ? [FSBP_STANDARD] : [])],
            ...(requirements.length ? { requirements } : {}),
            status_id: COMPLIANCE[finding.status].id,
            status: COMPLIANCE[finding.status].name,
            ...(finding.status === "not_evaluated" && finding.reason ? { status_detail: clip(dashboardText(finding.reason), MAX_TEXT) } : {}),
          },
        }),
    remediation: { desc: clip(dashboardText(finding.remediation || rule?.remediation) || "See the rule's documentation.", MAX_TEXT), ...(references.length ? { references } : {}) },
    unmapped: unmappedOf(item),
  };
}

/** What OCSF has no attribute for: the finding's own identifiers, status and evidence, as data. */
function unmappedOf({ finding }: DashboardFinding): Record<string, unknown> {
  return {
    rule_id: finding.ruleId,
    finding_status: finding.status,
    ...(finding.fingerprint ? { fingerprint: finding.fingerprint } : {}),
    ...(finding.messageId ? { message_id: finding.messageId } : {}),
    ...(finding.poolArn ? { pool_arn: finding.poolArn } : {}),
    ...(finding.baselineState ? { baseline_state: finding.baselineState } : {}),
    ...(finding.suppression ? { suppression: { reason: dashboardText(finding.suppression.reason), ...(finding.suppression.expires ? { expires: finding.suppression.expires } : {}) } } : {}),
    ...(finding.cause ? { cause: { operation: finding.cause.operation, code: finding.cause.code } } : {}),
    // Evidence is data, kept exact; the collection redactor runs again on it (defence in depth).
    ...(finding.evidence ? { evidence: toSnapshotData(finding.evidence) } : {}),
  };
}
