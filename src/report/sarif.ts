// SARIF 2.1.0 for code-scanning dashboards (DESIGN.md "JSON report", STYLE.md "SARIF emitters"):
// failures and suppressed findings are results; collection errors, unevaluated checks and notes are
// tool notifications. Cloud resources are logical locations; a physical location (a line of the
// scanned snapshot) is added when the caller names that file, because GitHub shows nothing without one.
import { toSnapshotData } from "../snapshot/redact.js";
import type { Finding } from "../engine/findings.js";
import { fingerprint } from "../engine/fingerprint.js";
import { anchorKind } from "../engine/anchors.js";
import { clientIdentifier, identityProviderIdentifier, RESOURCE_TYPES, type ResourceRef } from "../snapshot/identifiers.js";
import { escapeMarkdown, escapeSarifText } from "./escape.js";
import { unreachableText, type Report, type ReportError, type ReportRule } from "./model.js";
import type { UnreachableAccount } from "../snapshot/coverage.js";
import { buildView, type ReportView } from "./view.js";
import { inPieces } from "../util/pieces.js";
import { accountKey, identityPoolKey, regionKey, triggerKey } from "../snapshot/locate.js";
import type { Artifact, SourceArtifacts } from "./artifact.js";

/** The `$id` of the official schema the output is validated against. */
export const SARIF_SCHEMA_URI = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
/** The partialFingerprints key: versioned, so that a change of fingerprint recipe cannot collide. */
export const FINGERPRINT_KEY = "cognitoAuditFinding/v1";

export interface SarifOptions {
  /** The scanned file (see describeArtifact): results then point into it. */
  artifact?: Artifact;
  /** The infrastructure code scanned: results then point at the line of the resource (and of the property) in its file. */
  sources?: SourceArtifacts;
}

type Level = "error" | "warning" | "note";
type Json = Record<string, unknown>;

// ReportRule.severity is a plain string: unknown values fall back to "warning" and no security-severity.
const LEVELS: Record<string, Level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
/** GitHub's bands are > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low: mid-band values. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const levelOf = (severity: string): Level => LEVELS[severity] ?? "warning";

/** Notification descriptors (driver.notifications), referenced by index from each notification. */
const NOTIFICATIONS = [
  {
    id: "collection-error",
    name: "CollectionError",
    shortDescription: { text: "An AWS API call failed during collection; the checks that needed its data were not evaluated." },
    defaultConfiguration: { level: "warning" },
  },
  {
    id: "not-evaluated",
    name: "NotEvaluated",
    shortDescription: { text: "A check could not judge its resource, usually because the data it reads was not collected." },
    defaultConfiguration: { level: "warning" },
  },
  {
    id: "report-note",
    name: "ReportNote",
    shortDescription: { text: "A remark about the scan: collection limits, suppressions, the baseline." },
    defaultConfiguration: { level: "note" },
  },
  {
    id: "left-out",
    name: "LeftOut",
    shortDescription: { text: "Part of the report is not in this file, to stay within GitHub code scanning's limits; the JSON report has all of it." },
    defaultConfiguration: { level: "warning" },
  },
  {
    id: "account-unreachable",
    name: "AccountUnreachable",
    shortDescription: { text: "An account's audit role could not be assumed: none of its checks were evaluated, and the run is incomplete whatever the flags." },
    defaultConfiguration: { level: "error" },
  },
] as const;
type NotificationKind = (typeof NOTIFICATIONS)[number]["id"];
const descriptorRef = (id: NotificationKind) => ({ id, index: NOTIFICATIONS.findIndex((n) => n.id === id) });

/** Text meant for people (messages, names): free of terminal control sequences and line breaks. */
const displayText = (text: unknown) => escapeSarifText(text);

/**
 * GitHub code scanning rejects a run of more than 25,000 results (and shows the 5,000 most severe);
 * the results are the most severe first, so a cap keeps what matters. One run, not several: GitHub
 * no longer combines runs of one tool and category from one upload, and a run per chunk would make
 * each chunk its own category, closing alerts whenever the split moved.
 */
export const MAX_RESULTS = 25_000;
/** Notifications have no documented cap, but the file does (10 MB compressed): one per check would pass it. */
export const MAX_NOTIFICATIONS = 5_000;

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  return [...renderSarifChunks(report, options)].join("");
}

/** The SARIF log as chunks of JSON text (joined, one document): never one JSON.stringify of the whole log. */
export function renderSarifChunks(report: Report, options: SarifOptions = {}): Iterable<string> {
  return inPieces(sarifParts(report, options));
}

function* sarifParts(report: Report, options: SarifOptions): Generator<string> {
  const view = buildView(report);
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const locate = options.sources ? sourceLocator(options.sources) : options.artifact ? artifactLocator(options.artifact) : undefined;
  // Failures (most severe first), then suppressed ones: what a cap cuts is the least severe.
  const reported = [...view.failures, ...view.suppressed];
  const kept = reported.length > MAX_RESULTS ? reported.slice(0, MAX_RESULTS) : reported;
  const driver = {
    name: report.tool.name,
    version: report.tool.version,
    semanticVersion: report.tool.version,
    informationUri: report.tool.informationUri,
    rules: report.rules.map(ruleDescriptor),
    notifications: NOTIFICATIONS,
  };
  const invocation = {
    // The scan ran to the end: collection errors made some checks unevaluated, not the run a failure.
    executionSuccessful: true,
    endTimeUtc: report.generatedAt,
  };
  const leftOut = reported.length - kept.length;

  yield `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA_URI)},\n  "version": "2.1.0",\n  "runs": [\n    {\n`;
  yield `      "tool": ${indented({ driver }, 6)},\n`;
  yield `      "invocations": [\n        {\n${members(invocation, 10)},\n          "toolExecutionNotifications": [`;
  yield* jsonItems(notificationsOf(view, ruleIndex, locate, leftOut), 12, (n) => n);
  yield `]\n        }\n      ],\n`;
  if (options.sources) yield `      "artifacts": [${options.sources.files.map((f) => JSON.stringify(artifactOf(f))).join(", ")}],\n`;
  else if (options.artifact) yield `      "artifacts": [${JSON.stringify(artifactOf(options.artifact))}],\n`;
  yield `      "results": [`;
  yield* jsonItems(kept, 8, (f) => resultOf(f, ruleIndex, locate));
  yield `],\n      "properties": ${indented(runProperties(report), 6)}\n    }\n  ]\n}\n`;
}

/** A value pretty-printed, its lines after the first indented by `depth` spaces. */
const indented = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replaceAll("\n", `\n${" ".repeat(depth)}`);

/** An object's members, one per line, for an object whose last member follows by hand. */
const members = (value: Json, depth: number) =>
  Object.entries(value)
    .map(([key, v]) => `${" ".repeat(depth)}${JSON.stringify(key)}: ${indented(v, depth)}`)
    .join(",\n");

/** The items of a JSON array, each made as it is written, one per line. */
function* jsonItems<T>(items: Iterable<T>, depth: number, toJson: (item: T) => Json): Generator<string> {
  const pad = `\n${" ".repeat(depth)}`;
  let first = true;
  for (const item of items) {
    yield `${first ? "" : ","}${pad}${JSON.stringify(toJson(item))}`;
    first = false;
  }
  if (!first) yield `\n${" ".repeat(depth - 2)}`;
}

/** "access-token-validity" → "AccessTokenValidity" (SARIF rule names are identifiers). */
const pascalCase = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");

function ruleDescriptor(rule: ReportRule): Json {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: levelOf(rule.severity) },
    properties: {
      // Tags are short labels: control ids and check names; documentation URLs stay in the help text.
      tags: [...new Set(["security", rule.resourceType, ...rule.anchors.filter((anchor) => anchorKind(anchor) !== "aws-docs")])],
      ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
    },
  };
}

function helpText(rule: ReportRule): string {
  const references = rule.anchors.length ? `\n\nReferences: ${rule.anchors.join(", ")}` : "";
  return `${rule.rationale}\n\nRemediation: ${rule.remediation}${references}`;
}

function helpMarkdown(rule: ReportRule): string {
  const references = rule.anchors.length ? `\n\n**References:** ${rule.anchors.map(escapeMarkdown).join(", ")}` : "";
  return `${escapeMarkdown(rule.rationale)}\n\n**Remediation:** ${escapeMarkdown(rule.remediation)}${references}\n\n[Rule documentation](${rule.helpUri})`;
}

/**
 * The physical location of the first of `keys` found in the artifact (line 1 when none is); with
 * `properties` (a finding's evidence keys), the line of the first of them the resource sets.
 */
type Locator = (keys: string[], properties?: readonly string[]) => Json;

function resultOf(finding: Finding, ruleIndex: Map<string, number>, locate: Locator | undefined): Json {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: levelOf(finding.severity),
    message: { text: displayText(finding.message) },
    locations: [locationOf(finding.resource, resourceKey(finding), locate, Object.keys(finding.evidence ?? {}))],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint ?? fingerprint(finding) },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    ...(finding.status === "suppressed" ? { suppressions: [suppressionOf(finding)] } : {}),
    properties: {
      severity: finding.severity,
      resourceType: finding.resource.type,
      accountId: finding.resource.accountId,
      region: finding.resource.region,
      ...(finding.poolArn ? { poolArn: finding.poolArn } : {}),
      ...(finding.messageId ? { messageId: finding.messageId } : {}),
      // Evidence is data, kept exact; the collection redactor runs again on it (defence in depth).
      ...(finding.evidence ? { evidence: toSnapshotData(finding.evidence) } : {}),
      remediation: finding.remediation,
    },
  };
}

function suppressionOf(finding: Finding): Json {
  // SARIF names the field `state` (the schema has no `status`): "accepted" is a risk the team took on.
  return {
    kind: "external",
    state: "accepted",
    justification: displayText(finding.suppression?.reason),
    ...(finding.suppression?.expires ? { properties: { expires: finding.suppression.expires } } : {}),
  };
}

/** The resource as a logical location (its catalog identifier), plus its line in the artifact when given. */
function locationOf(resource: Pick<ResourceRef, "arn" | "name">, key: string, locate: Locator | undefined, properties?: readonly string[]): Json {
  return { ...(locate ? { physicalLocation: locate([key], properties) } : {}), logicalLocations: [logicalLocation(resource)] };
}

const logicalLocation = (resource: Pick<ResourceRef, "arn" | "name">) => ({ kind: "resource", fullyQualifiedName: resource.arn, name: displayText(resource.name) });

/** Collection errors, unevaluated checks, notes and the baseline, capped: what is left out is said, first. */
function* notificationsOf(view: ReportView, ruleIndex: Map<string, number>, locate: Locator | undefined, resultsLeftOut: number): Generator<Json> {
  const report = view.report;
  const notes = [...report.notes];
  if (report.baseline) {
    const { source, new: added, unchanged, fixed } = report.baseline;
    notes.push(`Compared with the baseline ${source}: ${added} new, ${unchanged} unchanged and ${fixed.length} fixed failure(s).`);
  }
  const unreachable = report.gate.unreachableAccounts;
  // Unreachable accounts come first and are never left out: each is a whole account not audited.
  for (const account of unreachable) yield unreachableNotification(account, locate);
  const total = report.errors.length + view.notEvaluated.length + notes.length;
  const notificationsLeftOut = total > MAX_NOTIFICATIONS ? total - MAX_NOTIFICATIONS : 0;
  if (resultsLeftOut) {
    yield leftOutNotification(
      `${resultsLeftOut} of ${resultsLeftOut + MAX_RESULTS} results are left out: GitHub code scanning accepts at most ${MAX_RESULTS.toLocaleString("en-US")} per run. The ${MAX_RESULTS.toLocaleString("en-US")} most severe are here; the JSON report (--format json) has every finding.`,
    );
  }
  if (notificationsLeftOut) {
    yield leftOutNotification(
      `${notificationsLeftOut} of ${total} notifications (collection errors, unevaluated checks, notes) are left out to keep the file within GitHub's upload limit; the JSON report (--format json) has all of them.`,
    );
  }
  let room = MAX_NOTIFICATIONS;
  for (const error of report.errors) {
    if (room-- <= 0) return;
    yield collectionErrorNotification(error, view, locate);
  }
  for (const finding of view.notEvaluated) {
    if (room-- <= 0) return;
    yield notEvaluatedNotification(finding, ruleIndex, locate);
  }
  for (const note of notes) {
    if (room-- <= 0) return;
    yield noteNotification(note);
  }
}

function unreachableNotification(account: UnreachableAccount, locate: Locator | undefined): Json {
  return {
    descriptor: descriptorRef("account-unreachable"),
    level: "error",
    message: { text: displayText(unreachableText(account)) },
    ...(locate ? { locations: [{ physicalLocation: locate([accountKey(account.accountId)]) }] } : {}),
    properties: {
      accountId: account.accountId,
      ...(account.name !== undefined ? { accountName: account.name } : {}),
      operation: account.operation,
      code: account.code,
    },
  };
}

const leftOutNotification = (text: string): Json => ({ descriptor: descriptorRef("left-out"), level: "warning", message: { text: displayText(text) } });

function collectionErrorNotification(error: ReportError, view: ReportView, locate: Locator | undefined): Json {
  const about = error.resource ? ` on ${error.resource}` : "";
  const where = `account ${error.accountId}, ${error.region}${error.poolArn ? `, pool ${error.poolArn}` : ""}`;
  const detail = error.message ? `: ${error.message}` : "";
  return {
    descriptor: descriptorRef("collection-error"),
    level: "warning",
    message: { text: displayText(`${error.operation} failed with ${error.code}${about} (${where})${detail}`) },
    ...(error.poolArn || locate ? { locations: [errorLocation(error, view, locate)] } : {}),
    properties: {
      operation: error.operation,
      code: error.code,
      accountId: error.accountId,
      region: error.region,
      ...(error.resource !== undefined ? { resource: error.resource } : {}),
      ...(error.poolArn ? { poolArn: error.poolArn } : {}),
    },
  };
}

/** A pool's error is located at the pool (or at the client, provider or function it names); a region's at the region. */
function errorLocation(error: ReportError, view: ReportView, locate: Locator | undefined): Json {
  const { poolArn, resource } = error;
  const keys = poolArn
    ? [...(resource ? [clientIdentifier(poolArn, resource), identityProviderIdentifier(poolArn, resource), triggerKey(poolArn, resource)] : []), poolArn]
    : [regionKey(error.accountId, error.region)];
  return {
    ...(locate ? { physicalLocation: locate(keys) } : {}),
    ...(poolArn ? { logicalLocations: [logicalLocation({ arn: poolArn, name: view.pool(poolArn)?.name ?? poolArn })] } : {}),
  };
}

function notEvaluatedNotification(finding: Finding, ruleIndex: Map<string, number>, locate: Locator | undefined): Json {
  const index = ruleIndex.get(finding.ruleId);
  return {
    descriptor: descriptorRef("not-evaluated"),
    associatedRule: { id: finding.ruleId, ...(index !== undefined ? { index } : {}) },
    level: "warning",
    message: { text: displayText(`${finding.ruleId} was not evaluated on ${finding.resource.name}: ${finding.reason ?? "no reason given"}`) },
    locations: [locationOf(finding.resource, resourceKey(finding), locate)],
    properties: {
      severity: finding.severity,
      resourceType: finding.resource.type,
      ...(finding.reason ? { reason: finding.reason } : {}),
      ...(finding.cause ? { operation: finding.cause.operation, code: finding.cause.code } : {}),
    },
  };
}

const noteNotification = (note: string): Json => ({ descriptor: descriptorRef("report-note"), level: "note", message: { text: displayText(note) } });

/** Scores, gate and baseline: what dashboards want beside the results (SARIF has no place of its own for them). */
function runProperties(report: Report): Json {
  return {
    score: report.score,
    gate: report.gate,
    snapshot: report.snapshot,
    generatedAt: report.generatedAt,
    ...(report.baseline ? { baseline: report.baseline } : {}),
  };
}

function artifactOf(artifact: Omit<Artifact, "lines">): Json {
  // The text itself is never embedded: the location is enough, and the report stays small.
  return { location: { uri: artifact.uri }, length: artifact.length, roles: ["analysisTarget"], hashes: { "sha-256": artifact.sha256 } };
}

/** A finding's location key: the catalog identifier, qualified where one resource can sit in several places. */
function resourceKey(finding: Pick<Finding, "resource" | "poolArn">): string {
  const { resource } = finding;
  switch (resource.type) {
    case RESOURCE_TYPES.trigger:
      // One function can serve several pools: the line is the one in this pool's LambdaConfig.
      return triggerKey(finding.poolArn ?? "", resource.arn);
    case RESOURCE_TYPES.identityPool:
      return identityPoolKey(resource.accountId, resource.region, resource.arn.slice(resource.arn.lastIndexOf("/") + 1));
    case RESOURCE_TYPES.region:
      return regionKey(resource.accountId, resource.region);
    default:
      return resource.arn;
  }
}

function artifactLocator({ uri, lines }: Artifact): Locator {
  const lineOf = (keys: string[]) => keys.map((key) => lines.get(key)).find((line) => line !== undefined) ?? 1;
  return (keys) => ({ artifactLocation: { uri, index: 0 }, region: { startLine: lineOf(keys) } });
}

/** Locations in infrastructure code: the file of the resource, the line of its property or of its logical id. */
function sourceLocator({ files, locations }: SourceArtifacts): Locator {
  return (keys, properties = []) => {
    const found = keys.map((key) => locations.get(key)).find((l) => l !== undefined);
    if (!found) return { artifactLocation: { uri: files[0]?.uri ?? "", index: 0 }, region: { startLine: 1 } };
    const line = properties.map((p) => found.properties.get(p)).find((l) => l !== undefined) ?? found.line;
    return { artifactLocation: { uri: files[found.index]!.uri, index: found.index }, region: { startLine: line } };
  };
}
