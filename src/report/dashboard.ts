// What the dashboard formats (OCSF, ASFF) share: which findings they carry, the identifier that
// keeps a finding the same record across runs, and text clipped to the consumers' limits.
import type { Finding } from "../engine/findings.js";
import { anchorKind } from "../engine/anchors.js";
import { fingerprint } from "../engine/fingerprint.js";
import { RESOURCE_TYPES } from "../snapshot/identifiers.js";
import { triggerKey } from "../snapshot/locate.js";
import { asText } from "../util/text.js";
import { terminalSafe } from "../util/terminal.js";
import { compareFindings, type Report, type ReportRule } from "./model.js";

/** A finding as a dashboard record: the finding, its rule (when the report describes it) and whether it judged events. */
export interface DashboardFinding {
  finding: Finding;
  rule: ReportRule | undefined;
  /** The rule judged CloudTrail events (sign-in activity, changes), not the configuration. */
  detection: boolean;
  /** Stable across runs for the same rule and resource (see dashboardId). */
  id: string;
}

/**
 * The findings a dashboard gets, most severe first: failures and suppressed ones; passed checks
 * when the report lists them (--include-passed), so a fixed resource closes its record; and
 * configuration checks that could not be evaluated (a compliance result "not available"). An event
 * rule that could not be evaluated detected nothing, and is no record: the JSON report has it.
 */
export function* dashboardFindings(report: Report): Generator<DashboardFinding> {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  // buildReport sorts; a report made by hand may not be.
  for (const finding of [...report.findings].sort(compareFindings)) {
    const rule = rules.get(finding.ruleId);
    const detection = rule?.kind === "event";
    if (finding.status === "not_evaluated" && detection) continue;
    yield { finding, rule, detection, id: dashboardId(finding) };
  }
}

/**
 * The record's identifier: the rule and the resource (a trigger qualified by its pool, as one
 * function can serve several pools), never the time or the kind of failure, so that a re-import
 * updates the record, and a fixed resource's passed check (--include-passed) closes it.
 */
export function dashboardId(finding: Pick<Finding, "ruleId" | "resource" | "poolArn">): string {
  const { resource } = finding;
  const key = resource.type === RESOURCE_TYPES.trigger ? triggerKey(finding.poolArn ?? "", resource.arn) : resource.arn;
  return `cognito-audit/${finding.ruleId}/${fingerprint({ ruleId: finding.ruleId, resource: { ...resource, arn: key }, messageId: undefined })}`;
}

/** AWS text for a dashboard that shows it: without control characters or line breaks, one space between words. */
export const dashboardText = (text: unknown): string => terminalSafe(asText(text)).replace(/\s+/g, " ").trim();

/** `text` in at most `max` UTF-16 code units, cut at a whole character and ended with "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never half a surrogate pair.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}…`;
}

/** The first and last CloudTrail event behind a finding (its evidence's firstEvent and lastEvent), in ms since the epoch. */
export function eventWindow(finding: Finding): { first?: number; last?: number } {
  const at = (value: unknown) => {
    if (typeof value !== "string") return undefined;
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  };
  const first = at(finding.evidence?.firstEvent);
  const last = at(finding.evidence?.lastEvent);
  return { ...(first !== undefined ? { first } : {}), ...(last !== undefined ? { last } : {}) };
}

const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov"]);

/** The partition when it is one Security Hub knows (aws, aws-cn, aws-us-gov), else undefined. */
export const knownPartition = (partition: string | undefined): string | undefined => (partition !== undefined && PARTITIONS.has(partition) ? partition : undefined);

/** The partition of an ARN, when known (see knownPartition). */
export const partitionOf = (arn: string): string | undefined => (arn.startsWith("arn:") ? knownPartition(arn.slice(4, arn.indexOf(":", 4))) : undefined);

/** The rule's anchors that name a control or a peer check ("FSBP Cognito.5", "Prowler …"): the requirements a finding maps to. */
export const requirementAnchors = (rule: ReportRule | undefined) => (rule?.anchors ?? []).filter((anchor) => anchorKind(anchor) !== "aws-docs");

/** The documentation behind a finding: the rule's page, then the AWS pages it cites. */
export const referenceUrls = (rule: ReportRule | undefined) => (rule ? [rule.helpUri, ...rule.anchors.filter((anchor) => anchorKind(anchor) === "aws-docs")] : []);

/** Whether any of the rule's anchors is an AWS Foundational Security Best Practices control. */
export const citesFsbp = (rule: ReportRule | undefined) => (rule?.anchors ?? []).some((anchor) => anchorKind(anchor) === "fsbp");

/** The items of a JSON array, one per line; joined, one JSON document. */
export function* jsonArray<T>(items: Iterable<T>, toJson: (item: T) => unknown): Generator<string> {
  let first = true;
  for (const item of items) {
    yield `${first ? "[" : ","}\n  ${JSON.stringify(toJson(item))}`;
    first = false;
  }
  yield first ? "[]\n" : "\n]\n";
}
