// The report as the human-facing formats show it, built once: pools in reading order, display
// labels, findings grouped per pool, unevaluated checks grouped by the call that failed. Every
// renderer (table, Markdown, HTML, JUnit, SARIF) is markup and its escaper over this; the text
// here is raw (hostile AWS text included) and is escaped by each renderer for its format.
import { compareCodeUnits } from "../util/text.js";
import type { Finding } from "../engine/findings.js";
import { blockingFindings, blockingReason } from "../engine/gate.js";
import { RESOURCE_TYPES, type ResourceRef } from "../snapshot/identifiers.js";
import type { Score } from "../engine/scoring.js";
import type { CollectionCause } from "../snapshot/sections.js";
import { atLeast, severityRank, type Severity } from "../engine/severity.js";
import { accountLabel, compareFindings, type AccountReport, type GroupBy, type PoolReport, type Report, type ReportRule } from "./model.js";

export interface PoolView {
  pool: PoolReport;
  /** "shop-customers (eu-west-1_AbC)". */
  label: string;
  /** Its failed checks, most severe first. */
  failures: Finding[];
  /** Its passed checks (listed only with --include-passed). */
  passes: Finding[];
  /** Its unsuppressed critical failures, shown or not: any one caps the grade (scoring.ts). */
  criticalFailures: number;
}

/** One account of the report, with its pools (in the view's order) and every failure of its resources. */
export interface AccountView {
  account: AccountReport;
  /** "123456789012 (prod)". */
  label: string;
  pools: PoolView[];
  /** Its failed checks, pool and region level, most severe first. */
  failures: Finding[];
}

/** Unevaluated checks that share a cause: the failed call, else the same reason text. */
export interface CauseGroup {
  /** The failed collection call; null when the checks gave a reason that is not one. */
  cause: CollectionCause | null;
  /** "DescribeRiskConfiguration failed with AccessDeniedException", or the shared reason. */
  label: string;
  findings: Finding[];
  /** The rules affected, in order of first appearance. */
  rules: string[];
  /** How many distinct resources could not be judged. */
  resources: number;
}

export interface ReportView {
  report: Report;
  /** Worst score first (pools without a score last), then by account, region and name. */
  pools: PoolView[];
  /** The accounts in report order (the snapshot's), each with its pools. */
  accounts: AccountView[];
  /** Whether the run holds more than one account: the human formats then show each account on its own. */
  multiAccount: boolean;
  /** Every failure shown (all of them unless the report is focused), most severe first. */
  failures: Finding[];
  /** Every unsuppressed critical failure of the run, shown or not. */
  criticalFailures: number;
  suppressed: Finding[];
  notEvaluated: Finding[];
  /** Failed and passed checks of identity pools, regions and pools the report does not list. */
  regional: { failures: Finding[]; passes: Finding[] };
  causes: CauseGroup[];
  rule(id: string): ReportRule | undefined;
  /** The rule's title, or its id when the report does not describe it. */
  ruleTitle(id: string): string;
  /** "shop-customers (eu-west-1_AbC)" for a listed pool, else the ARN. */
  poolLabel(arn: string): string;
  pool(arn: string): PoolReport | undefined;
}

/** What each kind of resource is called in every format (HTML capitalises it). */
const KIND_LABEL: Record<string, string> = {
  [RESOURCE_TYPES.userPool]: "user pool",
  [RESOURCE_TYPES.client]: "app client",
  [RESOURCE_TYPES.identityProvider]: "identity provider",
  [RESOURCE_TYPES.trigger]: "trigger",
  [RESOURCE_TYPES.identityPool]: "identity pool",
  [RESOURCE_TYPES.region]: "region",
};

export const kindLabel = (resource: Pick<ResourceRef, "type">) => KIND_LABEL[resource.type] ?? "resource";

/** The short identifier behind a pool's or a client's name (ARN tail), when the name is not already it. */
export function resourceId(resource: Pick<ResourceRef, "arn" | "type" | "name">): string | undefined {
  const marker = resource.type === RESOURCE_TYPES.client ? "/client/" : resource.type === RESOURCE_TYPES.userPool ? "userpool/" : undefined;
  if (!marker) return undefined;
  const at = resource.arn.lastIndexOf(marker);
  const id = at < 0 ? undefined : resource.arn.slice(at + marker.length);
  return id && id !== resource.name ? id : undefined;
}

/** "web-shop (3n4b5urk1ft4fl3mg5e62tqgbd)": a name alone is ambiguous, an id alone unreadable. */
export function resourceName(resource: Pick<ResourceRef, "arn" | "type" | "name">): string {
  const name = resource.name || resource.arn;
  const id = resourceId(resource);
  return id ? `${name} (${id})` : name;
}

const poolLabelOf = (pool: PoolReport) => (pool.id && pool.id !== pool.name ? `${pool.name} (${pool.id})` : pool.name || pool.arn);

// Ids, accounts and regions are ASCII: plain comparison is exact and cheap; names may not be, but
// any stable order will do for them.

/** Worst first; a pool without a score (nothing evaluated) after every scored one. */
export function comparePools(a: PoolReport, b: PoolReport): number {
  return (
    (a.score.value ?? 101) - (b.score.value ?? 101) ||
    compareCodeUnits(a.accountId, b.accountId) ||
    compareCodeUnits(a.region, b.region) ||
    compareCodeUnits(a.name, b.name) ||
    compareCodeUnits(a.id, b.id)
  );
}

/** "87%", or "n/a" when nothing was evaluated. */
export const percent = (ratio: number | null) => (ratio === null ? "n/a" : `${Math.round(ratio * 100)}%`);
/** "87.5", or "n/a" when nothing was evaluated. */
export const scoreText = (s: Score) => (s.value === null ? "n/a" : s.value.toFixed(1));

export const causeLabel = (cause: CollectionCause) => `${cause.operation} failed with ${cause.code}`;

export function buildView(report: Report): ReportView {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const pools = [...report.pools].sort(comparePools).map((pool): PoolView => ({ pool, label: poolLabelOf(pool), failures: [], passes: [], criticalFailures: 0 }));
  const byArn = new Map(pools.map((p) => [p.pool.arn, p]));
  const view: ReportView = {
    report,
    pools,
    accounts: [],
    multiAccount: false,
    failures: [],
    criticalFailures: 0,
    suppressed: [],
    notEvaluated: [],
    regional: { failures: [], passes: [] },
    causes: [],
    rule: (id) => rules.get(id),
    ruleTitle: (id) => rules.get(id)?.title ?? id,
    poolLabel: (arn) => byArn.get(arn)?.label ?? arn,
    pool: (arn) => byArn.get(arn)?.pool,
  };
  // buildReport sorts; a report read or made by hand may not be.
  const findings = [...report.findings].sort(compareFindings);
  const failures: Finding[] = [];
  const place = (finding: Finding) => (finding.poolArn ? byArn.get(finding.poolArn) : undefined) ?? view.regional;
  for (const finding of findings) {
    switch (finding.status) {
      case "suppressed":
        view.suppressed.push(finding);
        continue;
      case "not_evaluated":
        view.notEvaluated.push(finding);
        continue;
      case "fail": {
        failures.push(finding);
        if (finding.severity !== "critical") continue;
        view.criticalFailures += 1;
        const pool = finding.poolArn ? byArn.get(finding.poolArn) : undefined;
        if (pool) pool.criticalFailures += 1;
        continue;
      }
      case "pass":
        place(finding).passes.push(finding);
    }
  }
  // A focused report (focusReport) names the failures to show and their order.
  for (const finding of report.focus?.shown ?? failures) {
    view.failures.push(finding);
    place(finding).failures.push(finding);
  }
  view.causes = groupCauses(view.notEvaluated);
  view.accounts = accountViews(report.accounts, pools, view.failures);
  view.multiAccount = view.accounts.length > 1;
  return view;
}

/** The accounts with their pools and failures; an account a pool or finding names but the report does not list is added after the rest. */
function accountViews(accounts: readonly AccountReport[], pools: readonly PoolView[], failures: readonly Finding[]): AccountView[] {
  const byId = new Map<string, AccountView>();
  const get = (accountId: string) => {
    let view = byId.get(accountId);
    if (!view) {
      const account: AccountReport = accounts.find((a) => a.accountId === accountId) ?? { accountId, partition: "", regions: [], pools: 0, score: { value: null, grade: null, coverage: null, counts: { fail: 0, pass: 0, not_evaluated: 0, suppressed: 0 } } };
      view = { account, label: accountLabel(account), pools: [], failures: [] };
      byId.set(accountId, view);
    }
    return view;
  };
  for (const account of accounts) get(account.accountId);
  for (const pool of pools) get(pool.pool.accountId).pools.push(pool);
  for (const failure of failures) get(failure.resource.accountId).failures.push(failure);
  return [...byId.values()];
}

/** Unevaluated checks by cause, the cause affecting the most checks first. */
function groupCauses(findings: readonly Finding[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup & { arns: Set<string>; ruleSet: Set<string> }>();
  for (const finding of findings) {
    const cause = finding.cause ?? null;
    const label = cause ? causeLabel(cause) : (finding.reason ?? "no reason given");
    const key = cause ? `cause\u0000${cause.operation}\u0000${cause.code}` : `reason\u0000${label}`;
    let group = groups.get(key);
    if (!group) {
      group = { cause, label, findings: [], rules: [], resources: 0, arns: new Set(), ruleSet: new Set() };
      groups.set(key, group);
    }
    group.findings.push(finding);
    group.arns.add(finding.resource.arn);
    if (!group.ruleSet.has(finding.ruleId)) {
      group.ruleSet.add(finding.ruleId);
      group.rules.push(finding.ruleId);
    }
  }
  return [...groups.values()]
    .map(({ arns, ruleSet: _, ...group }) => ({ ...group, resources: arns.size }))
    .sort((a, b) => b.findings.length - a.findings.length);
}

/** "app client web-shop (3n4b…)", and " in pool …" for a pool's parts when asked. */
export function resourceLabel(view: ReportView, finding: Finding, withPool = true): string {
  const label = `${kindLabel(finding.resource)} ${resourceName(finding.resource)}`;
  if (!withPool || !finding.poolArn || finding.resource.arn === finding.poolArn) return label;
  return `${label} in pool ${view.poolLabel(finding.poolArn)}`;
}

/** Findings grouped by rule, groups in order of first appearance (most severe first, for sorted findings). */
export const byRule = (findings: readonly Finding[]): Finding[][] => groupsOf(findings, (f) => f.ruleId);

/** `findings` grouped by `key`, groups in order of first appearance, each group's findings in their order. */
export function groupsOf(findings: readonly Finding[], key: (f: Finding) => string): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = key(f);
    const group = groups.get(k);
    if (group) group.push(f);
    else groups.set(k, [f]);
  }
  return [...groups.values()];
}

/** What the human formats (table, Markdown, HTML) show of the failures: --min-severity, --only-new, --top, --group-by. */
export interface FocusOptions {
  minSeverity?: Severity;
  onlyNew?: boolean;
  top?: number;
  groupBy?: GroupBy;
}

/** Whether a finding is a sign-in attack or other CloudTrail activity (a behaviour rule's): those come first at each severity. */
const isActivity = (rules: ReadonlyMap<string, ReportRule>, finding: Finding) => rules.get(finding.ruleId)?.kind === "event";

/**
 * The report as the table, Markdown and HTML show it: its failures narrowed by `options` and in
 * reading order (most severe first, sign-in attacks first at each severity; grouped with
 * groupBy, groups in order of their most severe failure), with a note for each thing left out.
 * The scores, the gate and every other finding stay as they are: they always count everything.
 */
export function focusReport(report: Report, options: FocusOptions = {}): Report {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const order = (a: Finding, b: Finding) =>
    severityRank(a.severity) - severityRank(b.severity) || Number(isActivity(rules, b)) - Number(isActivity(rules, a)) || compareFindings(a, b);
  let shown = report.findings.filter((f) => f.status === "fail").sort(order);
  const notes: string[] = [];
  const leaveOut = (keep: (f: Finding) => boolean, what: string, flag: string) => {
    const kept = shown.filter(keep);
    const left = shown.length - kept.length;
    if (left > 0) notes.push(`${left} ${what} finding(s) not shown (${flag}); every format counts them in the scores and the gate, and --format json lists them.`);
    shown = kept;
  };
  if (options.minSeverity) {
    const min = options.minSeverity;
    leaveOut((f) => atLeast(f.severity, min), "lower-severity", `--min-severity ${min}`);
  }
  if (options.onlyNew) leaveOut((f) => f.baselineState === "new", "unchanged", "--only-new");
  if (options.top !== undefined && shown.length > options.top) {
    const top = new Set(shown.slice(0, options.top));
    leaveOut((f) => top.has(f), "less severe", `--top ${options.top}`);
  }
  if (options.groupBy) shown = groupsOf(shown, groupKey(options.groupBy)).flat();
  return { ...report, notes: [...report.notes, ...notes], focus: { shown, ...(options.groupBy ? { groupBy: options.groupBy } : {}) } };
}

/** What a finding is grouped under with --group-by: its pool (its region's resources together), its rule, its account. */
export function groupKey(groupBy: GroupBy): (f: Finding) => string {
  switch (groupBy) {
    case "pool":
      return (f) => f.poolArn ?? `${f.resource.accountId} ${f.resource.region}`;
    case "rule":
      return (f) => f.ruleId;
    case "account":
      return (f) => f.resource.accountId;
  }
}

/** A --group-by group's heading, raw text (each renderer escapes it): "Pool shop (eu-west-1_x): 3 finding(s)", "Rule mfa-required — MFA is required: …", "Account 1234…". */
export function groupHeading(view: ReportView, group: readonly Finding[], groupBy: "pool" | "rule" | "account"): string {
  const first = group[0]!;
  const count = `${group.length} finding(s)`;
  switch (groupBy) {
    case "pool":
      return first.poolArn ? `Pool ${view.poolLabel(first.poolArn)}: ${count}` : `Region ${first.resource.region} of account ${first.resource.accountId} (identity pools, trails): ${count}`;
    case "rule":
      return `Rule ${first.ruleId} — ${view.ruleTitle(first.ruleId)}: ${count}`;
    case "account": {
      const account = view.accounts.find((a) => a.account.accountId === first.resource.accountId);
      return `Account ${account?.label ?? first.resource.accountId}: ${count}`;
    }
  }
}

/**
 * The gate's reasons as every human format shows them (raw text: each renderer escapes it): the
 * blocking failures most severe first, sign-in activity first at each severity, each named with its
 * client and pool, whatever the focus shows.
 */
export function gateReasons(view: ReportView): string[] {
  const gate = view.report.gate;
  const blocking = blockingFindings(focusReport({ ...view.report, focus: undefined }).focus!.shown, gate.failOn);
  // A hand-made report may give reasons without the findings behind them: those are shown as they are.
  if (blocking.length === 0) return gate.reasons;
  return [blockingReason(blocking, gate.failOn, (f) => resourceLabel(view, f, true)), ...gate.reasons.slice(1)];
}
