// A report built the way `scan` builds it: the one pipeline, on a snapshot without CloudTrail events.
import { RULES } from "../../rules/index.js";
import type { Config, Suppression } from "../../src/engine/config.js";
import { scanSnapshot, type ScanResult } from "../../src/pipeline.js";
import type { Report } from "../../src/report/model.js";
import type { Snapshot } from "../../src/snapshot/types.js";

export interface ScanOptions {
  now?: Date;
  includePassed?: boolean;
  suppressions?: Suppression[];
  config?: Config;
  /**
   * "unavailable" (default): wanted but not had, so the behaviour rules are not evaluated, as when
   * LookupEvents is denied; "off": not wanted, so they do not run (--cloudtrail none).
   */
  events?: "unavailable" | "off";
  /** Keep the counted passes as (rule, resource) pairs (ScanResult.passCases), as `scan` does for JUnit. */
  listPasses?: boolean;
}

export const SCAN_NOW = new Date("2026-12-01T00:00:00Z");

export async function scanReport(snapshot: Snapshot, options: ScanOptions = {}): Promise<Report> {
  return (await scanResult(snapshot, options)).report;
}

export async function scanResult(snapshot: Snapshot, options: ScanOptions = {}): Promise<ScanResult> {
  const config: Config = { ...options.config, ...(options.suppressions ? { suppressions: options.suppressions } : {}) };
  return scanSnapshot({
    snapshot,
    events: { kind: options.events ?? "unavailable", reason: "no CloudTrail events were analysed" },
    rules: RULES,
    config,
    now: options.now ?? SCAN_NOW,
    gate: { failOn: "high" },
    includePassed: options.includePassed ?? false,
    listPasses: options.listPasses ?? false,
  });
}
