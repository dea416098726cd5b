// The CI gate: which results fail the build (DESIGN.md "Exit codes").
import type { Finding } from "./findings.js";
import type { Score } from "./scoring.js";
import { atLeast, severityRank, type Severity } from "./severity.js";
import type { UnreachableAccount } from "../snapshot/coverage.js";

export type FailOn = Severity | "none";

export interface GateSettings {
  failOn: FailOn;
  minScore?: number;
}

export interface GateResult {
  passed: boolean;
  /** Whether some checks could not be evaluated or some data could not be collected. */
  incomplete: boolean;
  reasons: string[];
  failOn: FailOn;
  minScore: number | null;
  /** Regions whose user pools could not be listed: what they hold was never seen, so no flag makes the run complete. */
  unlistedRegions: string[];
  /** Accounts whose role could not be assumed: none of their checks ran, so no flag makes the run complete either. */
  unreachableAccounts: UnreachableAccount[];
}

/** The failures that fail the gate, most severe first: with a baseline, only those new since it. */
export function blockingFindings(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === "none") return [];
  return findings.filter((f) => f.status === "fail" && f.baselineState !== "unchanged" && atLeast(f.severity, failOn)).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** "2 finding(s) at or above high: implicit-grant on legacy-ios, …": the first five, each named by `name`. */
export function blockingReason(blocking: readonly Finding[], failOn: FailOn, name: (f: Finding) => string): string {
  const named = blocking.slice(0, 5).map((f) => `${f.ruleId} on ${name(f)}`);
  const more = blocking.length > 5 ? ` and ${blocking.length - 5} more` : "";
  const kind = blocking.some((f) => f.baselineState === "new") ? "new finding(s)" : "finding(s)";
  return `${blocking.length} ${kind} at or above ${failOn}: ${named.join(", ")}${more}`;
}

export function evaluateGate(
  findings: readonly Finding[],
  score: Score,
  collectionErrors: number,
  settings: GateSettings,
  unlistedRegions: readonly string[] = [],
  unreachableAccounts: readonly UnreachableAccount[] = [],
): GateResult {
  const reasons: string[] = [];
  if (settings.failOn !== "none") {
    // With a baseline, only failures that are new since it block the gate.
    const blocking = blockingFindings(findings, settings.failOn);
    if (blocking.length > 0) reasons.push(blockingReason(blocking, settings.failOn, (f) => f.resource.name || f.resource.arn));
  }
  if (settings.minScore !== undefined && score.value === null) {
    reasons.push(`no check was evaluated, so there is no score to compare with the minimum ${settings.minScore}`);
  } else if (settings.minScore !== undefined && score.value !== null && score.value < settings.minScore) {
    reasons.push(`score ${score.value} is below the minimum ${settings.minScore}`);
  }
  return {
    passed: reasons.length === 0,
    incomplete: score.counts.not_evaluated > 0 || collectionErrors > 0 || unlistedRegions.length > 0 || unreachableAccounts.length > 0,
    reasons,
    failOn: settings.failOn,
    minScore: settings.minScore ?? null,
    unlistedRegions: [...unlistedRegions],
    unreachableAccounts: unreachableAccounts.map((a) => ({ ...a })),
  };
}

/**
 * 0 passed; 1 failed; 3 passed but incomplete (0 with allowIncomplete, which covers checks inside listed
 * pools only: a region whose pools could not be listed, or an account whose role could not be assumed,
 * stays 3). Exit 2 is for input errors and blind runs.
 */
export function exitCodeOf(gate: GateResult, allowIncomplete: boolean): 0 | 1 | 3 {
  if (!gate.passed) return 1;
  if (gate.unlistedRegions.length > 0 || gate.unreachableAccounts.length > 0) return 3;
  return gate.incomplete && !allowIncomplete ? 3 : 0;
}
