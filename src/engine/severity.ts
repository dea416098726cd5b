export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Scoring weights (SCORING_EXPLANATION in scoring.ts; README "Scoring"). */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

/** 0 for critical … 4 for info: sorts the most severe first. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** Whether `severity` is at or above `threshold`. */
export const atLeast = (severity: Severity, threshold: Severity): boolean => severityRank(severity) <= severityRank(threshold);
