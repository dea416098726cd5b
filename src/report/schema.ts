// The JSON Schema of the JSON report, version 1 (published as docs/report.schema.json).
import { FINDING_STATUSES } from "../engine/findings.js";
import { GRADES } from "../engine/scoring.js";
import { SEVERITIES } from "../engine/severity.js";
import { RESOURCE_TYPES } from "../snapshot/identifiers.js";

const str = { type: "string" } as const;
const strList = { type: "array", items: str } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const closed = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

const score = closed({
  value: nullable({ type: "number", minimum: 0, maximum: 100 }),
  grade: nullable({ enum: [...GRADES] }),
  coverage: nullable({ type: "number", minimum: 0, maximum: 1 }),
  counts: closed(Object.fromEntries(FINDING_STATUSES.map((s) => [s, { type: "integer", minimum: 0 }]))),
});

const resource = closed({
  arn: { ...str, description: "The catalog resource identifier (a pool ARN; <pool ARN>/client/<ClientId>; …)." },
  type: { enum: Object.values(RESOURCE_TYPES) },
  name: str,
  accountId: str,
  region: str,
});

const finding = closed(
  {
    ruleId: str,
    severity: { enum: [...SEVERITIES] },
    status: { enum: [...FINDING_STATUSES] },
    resource,
    poolArn: str,
    message: str,
    messageId: str,
    evidence: { type: "object" },
    remediation: str,
    reason: str,
    cause: closed({ operation: str, code: str }),
    suppression: closed({ reason: str, expires: { type: "string", format: "date" } }, ["reason"]),
    fingerprint: { type: "string", pattern: "^[0-9a-f]{32}$" },
    baselineState: { enum: ["new", "unchanged"] },
  },
  ["ruleId", "severity", "status", "resource", "message", "remediation"],
);

const collectionError = closed(
  { operation: str, code: str, message: str, resource: str, accountId: str, region: str, poolArn: str },
  ["operation", "code", "message", "accountId", "region"],
);

const cause = closed({ operation: str, code: str, message: str });

const account = closed(
  {
    accountId: str,
    partition: str,
    name: { ...str, description: "The organization's name for the account (AWS text)." },
    regions: strList,
    pools: { type: "integer", minimum: 0 },
    score,
    unreachable: { ...cause, description: "Why nothing of the account was audited: its role could not be assumed." },
  },
  ["accountId", "partition", "regions", "pools", "score"],
);

const baselineEntry = closed({
  fingerprint: str,
  ruleId: str,
  severity: str,
  resource: closed({ arn: str, name: str, type: str }),
  message: str,
});

export const reportSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://github.com/cognito-audit/cognito-audit/blob/main/docs/report.schema.json",
  title: "cognito-audit JSON report, version 1",
  ...closed(
    {
      format: { const: "cognito-audit/report" },
      version: { const: 1 },
      tool: closed({ name: str, version: str, informationUri: str }),
      generatedAt: { type: "string", format: "date-time" },
      snapshot: closed({ collectedAt: str, source: nullable(str) }),
      config: closed({ source: nullable(str), preset: str }),
      score,
      gate: closed({
        passed: { type: "boolean" },
        incomplete: { type: "boolean" },
        reasons: strList,
        failOn: { enum: [...SEVERITIES, "none"] },
        minScore: nullable({ type: "number" }),
        unlistedRegions: strList,
        unreachableAccounts: { type: "array", items: closed({ accountId: str, name: str, operation: str, code: str, message: str }, ["accountId", "operation", "code", "message"]) },
      }),
      pools: { type: "array", items: closed({ arn: str, id: str, name: str, accountId: str, region: str, score }) },
      accounts: { type: "array", items: account },
      rules: {
        type: "array",
        items: closed(
          { id: str, severity: { enum: [...SEVERITIES] }, title: str, resourceType: str, rationale: str, remediation: str, anchors: strList, helpUri: str, kind: { enum: ["config", "event"] } },
          ["id", "severity", "title", "resourceType", "rationale", "remediation", "anchors", "helpUri"],
        ),
      },
      includesPassed: { type: "boolean" },
      findings: { type: "array", items: finding },
      errors: { type: "array", items: collectionError },
      notes: strList,
      activity: {
        anyOf: [
          closed({ available: { const: false }, reason: str }),
          closed({
            available: { const: true },
            source: str,
            start: str,
            end: str,
            events: { type: "integer", minimum: 0 },
            unattributed: { type: "integer", minimum: 0 },
            pools: {
              type: "array",
              items: closed({
                poolArn: str,
                events: { type: "integer" },
                signIns: { type: "integer" },
                failedSignIns: { type: "integer" },
                topFailingIps: { type: "array", items: closed({ ip: str, failures: { type: "integer" } }) },
              }),
            },
          }),
        ],
      },
      baseline: closed({ source: str, generatedAt: str, new: { type: "integer" }, unchanged: { type: "integer" }, fixed: { type: "array", items: baselineEntry } }),
    },
    ["format", "version", "tool", "generatedAt", "snapshot", "config", "score", "gate", "pools", "accounts", "rules", "includesPassed", "findings", "errors", "notes", "activity"],
  ),
};
