import type { CollectionCause } from "../snapshot/sections.js";
import type { Evidence } from "./types.js";
import type { ResourceRef } from "../snapshot/identifiers.js";
import type { Severity } from "./severity.js";

export const FINDING_STATUSES = ["fail", "pass", "not_evaluated", "suppressed"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** The result of one rule on one resource. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  /**
   * The user pool the resource belongs to (itself for a pool), which groups findings for per-pool
   * scores; absent for identity pools and regions, which count in the run's score only.
   */
  poolArn?: string;
  message: string;
  messageId?: string;
  evidence?: Evidence;
  remediation: string;
  /** For not_evaluated: why the rule could not judge the resource. */
  reason?: string;
  /** For not_evaluated: the collection call that failed, when that is why (reports group by it). */
  cause?: CollectionCause;
  /** For suppressed: the configuration's justification. */
  suppression?: { reason: string; expires?: string };
  /** Stable across runs for the same rule, resource and kind of failure (see fingerprint.ts). */
  fingerprint?: string;
  /** With --baseline: whether this failure was already in the baseline report. */
  baselineState?: "new" | "unchanged";
}
