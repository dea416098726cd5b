// The whole scan, once: snapshot and events in, report out. collect → snapshot → rules → findings →
// score → report; the scan command, the benchmarks and the tests all call this one function.
import type { EventBatches } from "./cloudtrail/sources.js";
import { applyBaseline, baselineSummary, type Baseline } from "./engine/baseline.js";
import { analyseEvents } from "./engine/behaviour.js";
import { resolveRules, type Config } from "./engine/config.js";
import type { Finding } from "./engine/findings.js";
import { evaluateGate, type GateResult, type GateSettings } from "./engine/gate.js";
import type { Rule, RuleContext } from "./engine/rule.js";
import { PassCases } from "./engine/passCases.js";
import { runRulesCounted } from "./engine/runner.js";
import { score } from "./engine/scoring.js";
import { applySuppressions } from "./engine/suppressions.js";
import { buildReport, type Report } from "./report/model.js";
import { unlistedRegions, unreachableAccounts } from "./snapshot/coverage.js";
import { collectionErrors, type Snapshot } from "./snapshot/types.js";

/** The CloudTrail events of a scan: none by choice, none because they could not be had, or the events. */
export type ScanEvents =
  /** Switched off (--cloudtrail none, a snapshot collected without events): behaviour rules do not run. */
  | { kind: "off"; reason: string }
  /** Wanted but not obtained (LookupEvents denied): behaviour rules are not evaluated, with the reason. */
  | { kind: "unavailable"; reason: string }
  /** Normalised Cognito events (sources.ts), a batch at a time. `notes` is read after the events are consumed, so a source may add to it while it is read. */
  | {
      kind: "records";
      batches: EventBatches;
      source: string;
      start: Date;
      end: Date;
      notes: readonly string[];
      /** LookupEvents: which event sources each region's records cover (RuleContext.eventCoverage). */
      coverage?: RuleContext["eventCoverage"];
    };

export interface ScanInput {
  snapshot: Snapshot;
  events: ScanEvents;
  /** The rule registry; `config` decides which run, with which options and severities. */
  rules: readonly Rule[];
  config: Config;
  /** Where the configuration came from (null: none), for the report. */
  configSource?: string | null;
  /** An earlier JSON report: the gate then counts only new failures. */
  baseline?: Baseline;
  now: Date;
  gate: GateSettings;
  /** List passed checks (with their evidence) in the report. */
  includePassed?: boolean;
  /** List the passed checks that are only counted as (rule, resource) pairs too, for JUnit (ScanResult.passCases). */
  listPasses?: boolean;
}

export interface ScanResult {
  report: Report;
  gate: GateResult;
  /** Failures and not_evaluated results (passes too with includePassed); the scores count every pass. */
  findings: Finding[];
  /** With listPasses (and without includePassed): every passed check as a (rule, resource) pair. */
  passCases?: PassCases;
}

export async function scanSnapshot(input: ScanInput): Promise<ScanResult> {
  const { snapshot, events, config, baseline, now } = input;
  const includePassed = input.includePassed ?? false;
  const resolved = resolveRules(config, input.rules);
  const { settings } = resolved;
  const context: RuleContext = {
    now,
    authorizationAttributes: config.authorizationAttributes ?? [],
    ...(events.kind === "records" && events.coverage ? { eventCoverage: events.coverage } : {}),
  };
  const rules = events.kind === "off" ? resolved.rules.filter((r) => r.kind === "config") : resolved.rules;
  const passCases = input.listPasses && !includePassed ? new PassCases() : undefined;
  const analysed = events.kind === "records" ? await analyseEvents(events.batches, snapshot, rules, settings, context, events) : undefined;
  const evaluated = runRulesCounted(
    snapshot,
    rules,
    {
      context,
      settings,
      passEvidence: includePassed,
      ...(passCases ? { passCases } : {}),
      events: analysed ? { analyses: analysed.analyses } : { unavailable: events.kind === "records" ? "no CloudTrail events" : events.reason },
    },
    includePassed,
  );
  const { passes } = evaluated;
  const suppressed = applySuppressions(evaluated.findings, config.suppressions ?? [], now);
  const compared = baseline ? applyBaseline(suppressed.findings, baseline) : undefined;
  const findings = compared?.findings ?? suppressed.findings;

  const gate = evaluateGate(findings, score(findings, passes.total), collectionErrors(snapshot).length, input.gate, unlistedRegions(snapshot), unreachableAccounts(snapshot));
  const report = buildReport(snapshot, rules, findings, gate, now, {
    notes: [...suppressed.notes, ...(events.kind === "records" ? events.notes : [])],
    activity: analysed ? { available: true, ...analysed.activity } : { available: false, reason: events.kind === "records" ? "" : events.reason },
    config: { source: input.configSource ?? null, preset: config.preset ?? "default" },
    includePassed,
    passes,
    ...(baseline && compared ? { baseline: baselineSummary(baseline, compared) } : {}),
  });
  return { report, gate, findings, ...(passCases ? { passCases } : {}) };
}
