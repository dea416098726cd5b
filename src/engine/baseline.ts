// Baselines: a JSON report from an earlier run. The gate then counts only failures that are new;
// every report marks findings new or unchanged and lists what was fixed.
import { InputError } from "../errors.js";
import { asText } from "../util/text.js";
import { readJsonFile } from "../snapshot/io.js";
import { isRecord } from "../snapshot/validate.js";
import type { Finding } from "./findings.js";

/** A failure as the baseline report recorded it. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  severity: string;
  resource: { arn: string; name: string; type: string };
  message: string;
}

export interface Baseline {
  source: string;
  generatedAt: string;
  failures: BaselineEntry[];
}

export interface BaselineOutcome {
  findings: Finding[];
  /** Baseline failures that are gone from this run (not merely unevaluated). */
  fixed: BaselineEntry[];
}

/** Reads a JSON report written by `scan --format json`; anything else is an input error. */
export async function loadBaseline(file: string): Promise<Baseline> {
  const data = await readJsonFile(file);
  if (!isRecord(data) || data.format !== "cognito-audit/report" || data.version !== 1 || !Array.isArray(data.findings)) {
    throw new InputError(`${file}: not a cognito-audit JSON report (expected "format": "cognito-audit/report", "version": 1 and a "findings" array); write one with \`cognito-audit scan --format json --output FILE\`.`);
  }
  const failures: BaselineEntry[] = [];
  data.findings.forEach((f: unknown, i: number) => {
    if (!isRecord(f) || (f.status !== "fail" && f.status !== "suppressed")) return;
    if (typeof f.fingerprint !== "string" || !isRecord(f.resource) || typeof f.resource.arn !== "string") {
      throw new InputError(`${file}: at $.findings[${i}] expected a finding with a "fingerprint" and a "resource.arn" (reports from cognito-audit 0.1 and later have them).`);
    }
    failures.push({
      fingerprint: f.fingerprint,
      ruleId: String(f.ruleId),
      severity: String(f.severity),
      resource: { arn: f.resource.arn, name: asText(f.resource.name), type: asText(f.resource.type) },
      message: asText(f.message),
    });
  });
  return { source: file, generatedAt: asText(data.generatedAt), failures };
}

/** Marks each failure new or unchanged, and finds the baseline failures this run no longer has. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineOutcome {
  const known = new Set(baseline.failures.map((f) => f.fingerprint));
  const current = new Set<string>();
  const unjudged = new Set<string>();
  const marked = findings.map((f) => {
    if (f.status === "not_evaluated") unjudged.add(`${f.ruleId}\u0000${f.resource.arn}`);
    if ((f.status !== "fail" && f.status !== "suppressed") || !f.fingerprint) return f;
    current.add(f.fingerprint);
    return { ...f, baselineState: known.has(f.fingerprint) ? ("unchanged" as const) : ("new" as const) };
  });
  // A check that could not run this time is not fixed: it is unknown.
  const fixed = baseline.failures.filter((b) => !current.has(b.fingerprint) && !unjudged.has(`${b.ruleId}\u0000${b.resource.arn}`));
  return { findings: marked, fixed };
}

/** What a report says of the comparison: the baseline, and how many failures are new, unchanged or fixed. */
export interface BaselineSummary {
  source: string;
  generatedAt: string;
  new: number;
  unchanged: number;
  fixed: BaselineEntry[];
}

export function baselineSummary(baseline: Baseline, outcome: BaselineOutcome): BaselineSummary {
  let added = 0;
  let unchanged = 0;
  for (const f of outcome.findings) {
    if (f.baselineState === "new") added++;
    else if (f.baselineState === "unchanged") unchanged++;
  }
  return { source: baseline.source, generatedAt: baseline.generatedAt, new: added, unchanged, fixed: outcome.fixed };
}
