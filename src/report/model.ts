// The report every format renders: built once from the snapshot and the findings.
import type { Finding } from "../engine/findings.js";
import type { BaselineSummary } from "../engine/baseline.js";
import type { Activity } from "../engine/behaviour.js";
import type { GateResult } from "../engine/gate.js";
import type { Rule } from "../engine/rule.js";
import { redactUrl } from "../snapshot/redact.js";
import { accountScore, score, type PassedChecks, type Score } from "../engine/scoring.js";
import { SEVERITIES, severityRank, type Severity } from "../engine/severity.js";
import { poolScope } from "../engine/resources.js";
import { ruleHelpUri, TOOL_NAME, TOOL_URI, TOOL_VERSION } from "../package.js";
import { accountNotes, unreachableAccounts, type UnreachableAccount } from "../snapshot/coverage.js";
import type { CollectionError, Snapshot } from "../snapshot/types.js";

export interface PoolReport {
  arn: string;
  id: string;
  name: string;
  accountId: string;
  region: string;
  score: Score;
}

/** One audited account: its pools' and regions' results scored together, the way a pool's are. */
export interface AccountReport {
  accountId: string;
  partition: string;
  /** The organization's name for the account, when the snapshot has it (AWS text). */
  name?: string;
  /** The regions collected in it, in snapshot order. */
  regions: string[];
  /** How many user pools were audited in it. */
  pools: number;
  score: Score;
  /** Why nothing of it was audited: its role could not be assumed. */
  unreachable?: { operation: string; code: string; message: string };
}

export type ReportActivity = ({ available: true } & Activity) | { available: false; reason: string };

export interface ReportRule {
  id: string;
  severity: string;
  title: string;
  resourceType: string;
  /** "event": a behaviour rule over CloudTrail events (sign-in activity, changes): the human formats list its findings first; absent in older reports. */
  kind?: "config" | "event";
  rationale: string;
  remediation: string;
  anchors: string[];
  /** The rule's documentation page. */
  helpUri: string;
}

export interface ReportError extends CollectionError {
  accountId: string;
  region: string;
  /** The pool the failed call was about, when it was about one. */
  poolArn?: string;
}

export interface Report {
  format: "cognito-audit/report";
  version: 1;
  tool: { name: string; version: string; informationUri: string };
  generatedAt: string;
  snapshot: { collectedAt: string; source: string | null };
  /** The configuration file used (null: none) and its preset. */
  config: { source: string | null; preset: string };
  score: Score;
  gate: GateResult;
  pools: PoolReport[];
  /** Every account of the snapshot, in snapshot order, unreachable ones included. */
  accounts: AccountReport[];
  /** Every rule that ran, with what a reader (or a SARIF consumer) needs to act on its findings. */
  rules: ReportRule[];
  /** Whether `findings` lists passed checks too (--include-passed); they always count in the scores. */
  includesPassed: boolean;
  findings: Finding[];
  errors: ReportError[];
  notes: string[];
  /** CloudTrail sign-in activity: what was analysed, per pool; or why nothing could be. */
  activity: ReportActivity;
  /** With --baseline: the report compared against, and its failures that are gone now. */
  baseline?: BaselineSummary;
  /**
   * Set only on the copy the human formats render (focusReport in view.ts, from --min-severity,
   * --only-new, --top, --group-by): the failures shown, in order. Never in the JSON report.
   */
  focus?: ReportFocus;
}

export type GroupBy = "pool" | "rule" | "account";

/** What the human formats show of the failures; the scores and the gate always count them all. */
export interface ReportFocus {
  /** The failures shown, in the order shown (grouped when groupBy is set). */
  shown: Finding[];
  groupBy?: GroupBy;
}

// Ids and ARNs are ASCII: plain comparison is exact, and far cheaper than localeCompare.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const STATUS_ORDER = { fail: 0, suppressed: 1, not_evaluated: 2, pass: 3 };
const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s) => [s, severityRank(s)])) as Record<Severity, number>;

/** Most severe first, then failures before the rest, then by rule and resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    byCodeUnits(a.ruleId, b.ruleId) ||
    byCodeUnits(a.resource.arn, b.resource.arn)
  );
}

export interface ReportExtras {
  /** Notes from the engine (suppressions), shown after the collection notes. */
  notes?: string[];
  config?: Report["config"];
  /** List passed checks in `findings` (they are always counted in the scores). */
  includePassed?: boolean;
  baseline?: Report["baseline"];
  activity?: ReportActivity;
  /** Passes that were counted instead of kept in `findings`: they count in the scores all the same. */
  passes?: PassedChecks;
}

/** How every format states the regions whose user pools could not be listed. */
export const unlistedText = (regions: readonly string[]) =>
  `Not audited: the user pools of ${regions.join(", ")} could not be listed (exit 3 even with --allow-incomplete).`;

/** "123456789012 (prod)": an account's id with the organization's name for it, when known. */
export const accountLabel = (account: { accountId: string; name?: string }) =>
  account.name !== undefined && account.name !== "" && account.name !== account.accountId ? `${account.accountId} (${account.name})` : account.accountId;

/** How every format states an account whose role could not be assumed (raw text: each renderer escapes it). */
export const unreachableText = (account: UnreachableAccount) =>
  `Not audited: account ${accountLabel(account)} could not be reached: ${account.operation} failed with ${account.code} (${account.message.slice(0, 300)}); none of its checks were evaluated (exit 3 even with --allow-incomplete).`;

export function buildReport(snapshot: Snapshot, rules: readonly Rule[], findings: readonly Finding[], gate: GateResult, generatedAt: Date, extras: ReportExtras = {}): Report {
  const pools: PoolReport[] = [];
  const errors: ReportError[] = [];
  const notes: string[] = [];
  const byPool = new Map<string, Finding[]>();
  const byAccount = new Map<string, Finding[]>();
  for (const finding of findings) {
    const ofAccount = byAccount.get(finding.resource.accountId);
    if (ofAccount) ofAccount.push(finding);
    else byAccount.set(finding.resource.accountId, [finding]);
    if (!finding.poolArn) continue;
    const list = byPool.get(finding.poolArn);
    if (list) list.push(finding);
    else byPool.set(finding.poolArn, [finding]);
  }
  const accounts: AccountReport[] = [];
  const unreachable = new Map(unreachableAccounts(snapshot).map((a) => [a.accountId, a]));
  for (const account of snapshot.accounts) {
    const first = pools.length;
    for (const region of account.regions) {
      const where = { accountId: account.accountId, region: region.region };
      errors.push(...region.errors.map((e) => ({ ...e, ...where })));
      notes.push(...(region.notes ?? []));
      for (const entry of region.userPools) {
        const pool = poolScope(account.accountId, account.partition, region.region, entry);
        pools.push({ arn: pool.arn, id: pool.id, name: pool.name, ...where, score: score(byPool.get(pool.arn) ?? [], extras.passes?.byPool.get(pool.arn)) });
        errors.push(...entry.errors.map((e) => ({ ...e, ...where, poolArn: pool.arn })));
        notes.push(...(entry.notes ?? []));
      }
    }
    const arns = pools.slice(first).map((p) => p.arn);
    const cause = unreachable.get(account.accountId);
    accounts.push({
      accountId: account.accountId,
      partition: account.partition,
      ...(account.name !== undefined ? { name: account.name } : {}),
      regions: account.regions.map((r) => r.region),
      pools: arns.length,
      score: accountScore(byAccount.get(account.accountId) ?? [], arns, account.accountId, extras.passes),
      ...(cause ? { unreachable: { operation: cause.operation, code: cause.code, message: cause.message } } : {}),
    });
  }
  notes.unshift(...accountNotes(snapshot));
  return {
    format: "cognito-audit/report",
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: TOOL_URI },
    generatedAt: generatedAt.toISOString(),
    // Snapshots written by hand or by older versions may still carry an endpoint's credentials.
    snapshot: { collectedAt: snapshot.collectedAt, source: snapshot.source !== undefined ? redactUrl(snapshot.source) : null },
    config: extras.config ?? { source: null, preset: "default" },
    activity: extras.activity ?? { available: false, reason: "no CloudTrail events were analysed" },
    score: score(findings, extras.passes?.total),
    gate,
    pools,
    accounts,
    rules: rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      title: r.title,
      resourceType: r.resourceType,
      kind: r.kind,
      rationale: r.rationale,
      remediation: r.remediation,
      anchors: r.anchors,
      helpUri: ruleHelpUri(r.id),
    })),
    includesPassed: extras.includePassed ?? false,
    findings: (extras.includePassed ? [...findings] : findings.filter((f) => f.status !== "pass")).sort(compareFindings),
    errors,
    notes: [...notes, ...(extras.notes ?? [])],
    ...(extras.baseline ? { baseline: extras.baseline } : {}),
  };
}
