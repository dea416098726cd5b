// AWS Security Finding Format (ASFF, schema 2018-10-08) for AWS Security Hub (docs/dashboards.md):
// a JSON array of findings, as `aws securityhub batch-import-findings --findings file://…` takes
// it. The tool never calls Security Hub; the import (at most 100 findings per call, one account
// and region at a time) is the user's. Modelled on the AwsSecurityFinding API reference
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html) and the
// required attributes page (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html);
// test/fixtures/schemas/asff-2018-10-08.json is its strict model.
import type { Severity } from "../engine/severity.js";
import type { FindingStatus } from "../engine/findings.js";
import { RESOURCE_TYPES } from "../snapshot/identifiers.js";
import { inPieces } from "../util/pieces.js";
import { clip, dashboardFindings, dashboardText, eventWindow, jsonArray, knownPartition, partitionOf, requirementAnchors, type DashboardFinding } from "./dashboard.js";
import type { Report } from "./model.js";

export const ASFF_SCHEMA_VERSION = "2018-10-08";
/** BatchImportFindings takes at most this many findings per call. */
export const ASFF_BATCH = 100;

/** The API's length limits (AwsSecurityFinding, Recommendation, Resource, ProductFields). */
export const ASFF_LIMITS = { title: 256, description: 1024, recommendation: 512, id: 512, productFieldValue: 2048, detailValue: 1024, requirements: 32 } as const;

const LABELS: Record<Severity, string> = { info: "INFORMATIONAL", low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" };

const COMPLIANCE: Record<FindingStatus, string> = { fail: "FAILED", suppressed: "FAILED", not_evaluated: "NOT_AVAILABLE", pass: "PASSED" };
/** A passed check resolves its record; Security Hub reopens a resolved one when it fails again. */
const WORKFLOW: Record<FindingStatus, string> = { fail: "NEW", not_evaluated: "NEW", suppressed: "SUPPRESSED", pass: "RESOLVED" };

/** Security Hub's finding types (namespace/category): configuration checks, and detections of sign-in and change activity. */
export const CONFIGURATION_TYPE = "Software and Configuration Checks/AWS Security Best Practices";
export const DETECTION_TYPE = "Unusual Behaviors/Application";

/** Security Hub has resource types for Lambda functions; none for Cognito or for a region's trails: those are "Other". */
const RESOURCE_TYPE: Record<string, string> = { [RESOURCE_TYPES.trigger]: "AwsLambdaFunction" };

export function renderAsff(report: Report): string {
  return [...renderAsffChunks(report)].join("");
}

/** The findings as chunks of JSON text; joined, one JSON array. */
export function renderAsffChunks(report: Report): Iterable<string> {
  const partitions = new Map(report.accounts.map((a) => [a.accountId, a.partition]));
  return inPieces(jsonArray(dashboardFindings(report), (item) => asffFinding(item, report.generatedAt, partitions)));
}

function asffFinding(item: DashboardFinding, at: string, partitions: Map<string, string>): Record<string, unknown> {
  const { finding, rule, detection, id } = item;
  const { resource } = finding;
  const partition = partitionOf(resource.arn) ?? knownPartition(partitions.get(resource.accountId)) ?? "aws";
  const severity = { Label: LABELS[finding.severity], Original: finding.severity };
  const types = [detection ? DETECTION_TYPE : CONFIGURATION_TYPE];
  const window = detection ? eventWindow(finding) : {};
  const description = finding.status === "not_evaluated" ? `Not evaluated: ${finding.reason ?? finding.message}` : finding.message;
  const requirements = requirementAnchors(rule).slice(0, ASFF_LIMITS.requirements);
  const name = dashboardText(resource.name);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: clip(id, ASFF_LIMITS.id),
    // The default product of the account itself: a custom integration, no partner registration needed.
    ProductArn: `arn:${partition}:securityhub:${resource.region}:${resource.accountId}:product/${resource.accountId}/default`,
    ProductName: "cognito-audit",
    CompanyName: "cognito-audit",
    GeneratorId: `cognito-audit/${finding.ruleId}`,
    AwsAccountId: resource.accountId,
    Types: types,
    CreatedAt: at,
    UpdatedAt: at,
    ...(window.first !== undefined ? { FirstObservedAt: new Date(window.first).toISOString() } : {}),
    ...(window.last !== undefined ? { LastObservedAt: new Date(window.last).toISOString() } : {}),
    Severity: severity,
    // Providers set severity and types here: BatchImportFindings does not update the top-level ones of an existing finding.
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(dashboardText(rule?.title) || finding.ruleId, ASFF_LIMITS.title),
    Description: clip(dashboardText(description) || finding.ruleId, ASFF_LIMITS.description),
    Remediation: {
      Recommendation: {
        Text: clip(dashboardText(finding.remediation || rule?.remediation) || "See the rule's documentation.", ASFF_LIMITS.recommendation),
        ...(rule ? { Url: rule.helpUri } : {}),
      },
    },
    ...(rule ? { SourceUrl: rule.helpUri } : {}),
    ProductFields: productFields(item),
    Resources: [
      {
        Type: RESOURCE_TYPE[resource.type] ?? "Other",
        Id: resource.arn,
        Partition: partition,
        Region: resource.region,
        Details: {
          Other: {
            // ResourceDetails.Other is a map of strings; its keys name what cognito-audit calls the resource.
            Type: resource.type,
            ...(name ? { Name: clip(name, ASFF_LIMITS.detailValue) } : {}),
            ...(finding.poolArn && finding.poolArn !== resource.arn ? { UserPoolArn: finding.poolArn } : {}),
          },
        },
      },
    ],
    ...(detection ? {} : { Compliance: { Status: COMPLIANCE[finding.status], ...(requirements.length ? { RelatedRequirements: requirements } : {}) } }),
    RecordState: finding.status === "pass" ? "ARCHIVED" : "ACTIVE",
    Workflow: { Status: WORKFLOW[finding.status] },
  };
}

/** What ASFF has no field for, as strings (at most 2,048 characters each). */
function productFields({ finding }: DashboardFinding): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    "cognito-audit/RuleId": finding.ruleId,
    "cognito-audit/Status": finding.status,
    "cognito-audit/Fingerprint": finding.fingerprint,
    "cognito-audit/MessageId": finding.messageId,
    "cognito-audit/BaselineState": finding.baselineState,
    "cognito-audit/NotEvaluatedReason": finding.status === "not_evaluated" ? finding.reason : undefined,
    "cognito-audit/FailedCall": finding.cause ? `${finding.cause.operation} ${finding.cause.code}` : undefined,
    "cognito-audit/SuppressionReason": finding.suppression?.reason,
    "cognito-audit/SuppressionExpires": finding.suppression?.expires,
  };
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) => {
      const text = value === undefined ? "" : clip(dashboardText(value), ASFF_LIMITS.productFieldValue);
      return text ? [[key, text]] : [];
    }),
  );
}
