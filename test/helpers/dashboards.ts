// What the OCSF and ASFF tests share: the strict models they validate against, the scanned
// scenarios, and reports made by hand around findings.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { expect } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Finding } from "../../src/engine/findings.js";
import { evaluateGate } from "../../src/engine/gate.js";
import { score } from "../../src/engine/scoring.js";
import { PACKAGE_ROOT } from "../../src/package.js";
import { buildReport, type Report, type ReportExtras } from "../../src/report/model.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { handFinding } from "./factories.js";

const ajv = new Ajv({ strict: false, allErrors: true });

/** The strict model test/fixtures/schemas/<file> as a validator. */
export const schemaValidator = (file: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, "test", "fixtures", "schemas", file), "utf8")));

/** Parses the text and checks it against the model; returns the items. */
export function parseValid<T>(validate: ValidateFunction, text: string): T[] {
  const data = JSON.parse(text) as T[];
  expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
  return data;
}

/** Every scenario snapshot, and the demo. */
export const SCENARIOS = [
  ...readdirSync(join(PACKAGE_ROOT, "fixtures", "scenarios"))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .map((f) => `fixtures/scenarios/${f}`),
  "fixtures/snapshots/demo.json",
];

/** How many records a dashboard gets from a report: every listed finding but the event rules' unevaluated ones. */
export function dashboardCount(report: Report): number {
  const events = new Set(report.rules.filter((r) => r.kind === "event").map((r) => r.id));
  return report.findings.filter((f) => !(f.status === "not_evaluated" && events.has(f.ruleId))).length;
}

export { handFinding, POOL_ARN } from "./factories.js";

/** A brute-force detection (an event rule) on the hand-made pool. */
export const detectionFinding = (overrides: Partial<Finding> = {}): Finding =>
  handFinding({
    ruleId: "brute-force",
    message: "120 failed sign-ins against 3 users in 10 minutes.",
    messageId: "burst",
    evidence: { firstEvent: "2026-11-20T10:00:00.000Z", lastEvent: "2026-11-20T10:09:00.000Z", failedSignIns: 120 },
    remediation: "Turn on threat protection.",
    ...overrides,
  });

const EMPTY_SNAPSHOT: Snapshot = { format: "cognito-audit/snapshot", version: 1, collectedAt: "2026-11-26T12:00:00.000Z", accounts: [] };

/** A report around hand-made findings, described by the real rules. */
export function handReport(findings: Finding[], extras: ReportExtras = {}, now = new Date("2026-11-26T12:00:00Z")): Report {
  return buildReport(EMPTY_SNAPSHOT, RULES, findings, evaluateGate(findings, score(findings), 0, { failOn: "high" }), now, { includePassed: true, ...extras });
}

/** A name no consumer should trip on: quotes, markup, an escape sequence, a line break, a bidi override, an emoji. */
export const HOSTILE_NAME = 'x"},{"Id":"forged</script><img src=x onerror=alert(1)>\u001b[31mred\u001b[0m\nline\u202eevil 🦊';

/** Control characters that must not reach a dashboard's text (the JSON escapes of the rest are data). */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
