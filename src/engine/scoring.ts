// The score of a set of findings (README "Scoring", printed by `explain --scoring`): one formula, used for pools, accounts and runs.
import type { Finding } from "./findings.js";
import { SEVERITY_WEIGHT } from "./severity.js";

export const GRADES = ["A", "B", "C", "D", "F"] as const;
export type Grade = (typeof GRADES)[number];

export interface Score {
  /** 0–100, or null when nothing could be evaluated. */
  value: number | null;
  grade: Grade | null;
  /** Share of (rule, resource) results that were evaluated: (pass + fail) / all; null when there are none. */
  coverage: number | null;
  counts: { fail: number; pass: number; not_evaluated: number; suppressed: number };
}

export const SCORING_EXPLANATION = `Score of a set of results (a user pool with its app clients, identity providers and triggers; an
account, its pools with its identity pools and trails; and the whole run):

  score = 100 × Σ weight(passed) / Σ weight(evaluated)

  weights per (rule, resource): critical 10, high 5, medium 3, low 1, info 0.
  "evaluated" = passed + failed. not_evaluated and suppressed results count in neither sum;
  they are reported as coverage = evaluated / all results.

Grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
Any unsuppressed critical failure caps the grade at D.
A passed result weighs its rule's default severity, a failed one the severity of its finding, so
fixing a finding never lowers a score. With nothing evaluated there is no score (shown as "n/a").`;

export function gradeOf(value: number, hasCriticalFailure: boolean): Grade {
  const grade: Grade = value >= 90 ? "A" : value >= 80 ? "B" : value >= 70 ? "C" : value >= 60 ? "D" : "F";
  return hasCriticalFailure && (grade === "A" || grade === "B" || grade === "C") ? "D" : grade;
}

/**
 * Passed checks counted but not kept as findings: a large estate passes over a million checks,
 * and a score needs only their number and weight.
 */
export interface PassTally {
  count: number;
  /** Σ weight of the passes (their findings' severities). */
  weight: number;
}

/**
 * Passed checks that were counted and not kept: the run's, each user pool's (by ARN), and each
 * account's region-level ones (identity pools, trails; by account id), which belong to no pool.
 */
export interface PassedChecks {
  total: PassTally;
  byPool: Map<string, PassTally>;
  regionalByAccount: Map<string, PassTally>;
}

export const newPassTally = (): PassTally => ({ count: 0, weight: 0 });

/** Several tallies as one: a set of pools' passes (with their account's region-level ones) for a score over all of them. */
export function sumTallies(tallies: Iterable<PassTally | undefined>): PassTally {
  const sum = newPassTally();
  for (const tally of tallies) {
    if (!tally) continue;
    sum.count += tally.count;
    sum.weight += tally.weight;
  }
  return sum;
}

/**
 * The score of one account: its findings (pool and region level) with the passes counted for its
 * pools and its regions. The same formula as a pool's and the run's: `score` over a wider set.
 */
export function accountScore(findings: readonly Finding[], poolArns: Iterable<string>, accountId: string, counted?: PassedChecks): Score {
  if (!counted) return score(findings);
  const pools = [...poolArns].map((arn) => counted.byPool.get(arn));
  return score(findings, sumTallies([...pools, counted.regionalByAccount.get(accountId)]));
}

/** The score of `findings` together with the passes that were only counted. */
export function score(findings: readonly Finding[], counted: PassTally = newPassTally()): Score {
  const counts = { fail: 0, pass: counted.count, not_evaluated: 0, suppressed: 0 };
  let passed = counted.weight;
  let evaluated = counted.weight;
  let critical = false;
  for (const finding of findings) {
    counts[finding.status] += 1;
    const weight = SEVERITY_WEIGHT[finding.severity];
    if (finding.status === "pass") {
      passed += weight;
      evaluated += weight;
    } else if (finding.status === "fail") {
      evaluated += weight;
      if (finding.severity === "critical") critical = true;
    }
  }
  const total = findings.length + counted.count;
  const evaluatedCount = counts.pass + counts.fail;
  // All evaluated results weigh 0 (info only): nothing can be lost, so the score is full.
  const value = evaluatedCount === 0 ? null : evaluated === 0 ? 100 : round(100 * (passed / evaluated));
  return {
    value,
    grade: value === null ? null : gradeOf(value, critical),
    coverage: total === 0 ? null : round(evaluatedCount / total, 4),
    counts,
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
