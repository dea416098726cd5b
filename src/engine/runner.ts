// Runs every enabled rule over every resource of a snapshot: one finding per (rule, resource).
import type { RegionEntry, Snapshot, UserPoolEntry } from "../snapshot/types.js";
import { errorReason, missingSection, type MissingReason } from "../snapshot/sections.js";
import { triggerFunctions } from "../snapshot/triggers.js";
import { UnknownValueError } from "../snapshot/unknown.js";
import type { Finding } from "./findings.js";
import type { EventAnalysis, RuleSettings } from "./types.js";
export type { RuleSettings } from "./types.js";
import { fingerprint } from "./fingerprint.js";
import {
  clientTarget,
  identityPoolTarget,
  identityProviderTarget,
  isRegionLevel,
  poolScope,
  poolTarget,
  regionTarget,
  triggerTarget,
  unlistedIdentityPools,
  unlistedResource,
  type PoolScope,
  type RegionScope,
  type Target,
} from "./resources.js";
import { userPoolArn, type ResourceRef } from "../snapshot/identifiers.js";
import { renderMessage } from "./messages.js";
import type { Rule, RuleContext, Verdict } from "./rule.js";
import { SEVERITY_WEIGHT, type Severity } from "./severity.js";
import { newPassTally, type PassedChecks, type PassTally } from "./scoring.js";
import type { PassCases } from "./passCases.js";
import { recently } from "../util/recent.js";

/** Why a target cannot be judged by `rule`, or undefined when everything it needs is there. */
function unmetRequirement(rule: Rule, target: Target): MissingReason | undefined {
  const holder: UserPoolEntry | RegionEntry = "pool" in target ? target.pool.entry : target.region.entry;
  for (const section of rule.requires ?? []) {
    if ((holder as unknown as Record<string, unknown>)[section] === undefined) return missingSection(holder.errors, section);
  }
  if (target.kind === "client") {
    const error = target.pool.entry.errors.find((e) => e.operation === "DescribeUserPoolClient" && e.resource === target.client.ClientId);
    if (error) return errorReason(error);
  }
  if (target.kind === "trigger" && rule.requires?.includes("lambdaFunctions") && target.fn?.configuration === undefined) {
    const error = target.errors.find((e) => e.operation === "GetFunctionConfiguration");
    return error ? errorReason(error) : { reason: `the function ${target.functionArn} was not collected (GetFunctionConfiguration)` };
  }
  return undefined;
}

type Targets = Target[] | ({ unlisted: ResourceRef } & MissingReason);

function poolTargets(kind: Rule["resourceType"], pool: PoolScope): Targets {
  const { entry } = pool;
  switch (kind) {
    case "userPool":
      return [poolTarget(pool)];
    case "client":
      return entry.clients
        ? entry.clients.map((c) => clientTarget(pool, c))
        : { unlisted: unlistedResource(pool, "client"), ...missingSection(entry.errors, "clients") };
    case "identityProvider":
      return entry.identityProviders
        ? entry.identityProviders.map((p) => identityProviderTarget(pool, p))
        : { unlisted: unlistedResource(pool, "identityProvider"), ...missingSection(entry.errors, "identityProviders") };
    case "trigger":
      return [...triggerFunctions(entry.userPool)].map(([arn, triggers]) => triggerTarget(pool, arn, triggers));
    default:
      return [];
  }
}

function regionTargets(kind: Rule["resourceType"], scope: RegionScope): Targets {
  switch (kind) {
    case "identityPool":
      return scope.entry.identityPools
        ? scope.entry.identityPools.map((p) => identityPoolTarget(scope, p))
        : { unlisted: unlistedIdentityPools(scope), ...missingSection(scope.entry.errors, "identityPools") };
    case "region":
      // A region is judged when it holds something to protect.
      return scope.entry.userPools.length > 0 || (scope.entry.identityPools?.length ?? 0) > 0 ? [regionTarget(scope)] : [];
    default:
      return [];
  }
}

export interface RunOptions {
  context: RuleContext;
  /** Behaviour rules' analyses of the scan's CloudTrail events, or why there are none. */
  events?: { analyses: Map<string, EventAnalysis> } | { unavailable: string };
  /** Per-rule settings (options merged over defaults); absent: the rule's defaults. */
  settings?: Map<string, RuleSettings>;
  /** Keep the evidence of passed checks (for --include-passed); dropped by default to save memory. */
  passEvidence?: boolean;
  /** Passes that are counted (not kept as findings) are also listed here as (rule, resource) pairs, for JUnit. */
  passCases?: PassCases;
}

/**
 * A finding's fingerprint, computed when it is read (by the JSON report, a baseline, SARIF) rather
 * than held: 32 hex characters cost over 100 bytes each in the heap, and a large scan has hundreds
 * of thousands of failures. An enumerable own property all the same, so that JSON and spreads see a
 * plain value; one accessor pair for all findings keeps their shape shared.
 */
const LAZY_FINGERPRINT: PropertyDescriptor = {
  get(this: Finding) {
    return fingerprint(this);
  },
  enumerable: true,
  configurable: true,
};

/** Builds the finding for one verdict. Hot path: a fixed object shape, no intermediate objects. */
function toFinding(rule: Rule, resource: ResourceRef, poolArn: string | undefined, verdict: Verdict, override?: Severity, passEvidence = true): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    severity: override ?? rule.severity,
    status: verdict.status,
    resource,
    poolArn,
    message: "",
    remediation: rule.remediation,
  };
  switch (verdict.status) {
    case "pass":
      finding.message = passMessage(rule);
      if (verdict.evidence && passEvidence) finding.evidence = verdict.evidence;
      return finding;
    case "not_evaluated":
      finding.message = notEvaluatedMessage(verdict.reason);
      finding.reason = verdict.reason;
      if (verdict.cause) finding.cause = verdict.cause;
      Object.defineProperty(finding, "fingerprint", LAZY_FINGERPRINT);
      return finding;
    case "fail": {
      const template = rule.messages[verdict.messageId]!;
      finding.severity = override ?? verdict.severity ?? rule.severity;
      finding.messageId = verdict.messageId;
      finding.message = shared(renderMessage(template, verdict.data));
      if (verdict.evidence) finding.evidence = verdict.evidence;
      Object.defineProperty(finding, "fingerprint", LAZY_FINGERPRINT);
      return finding;
    }
  }
}

/**
 * One copy of each recent message text. A rule says the same thing about many resources (a scan of
 * 10,000 pools has 640,000 messages and some 10,000 distinct ones); bounded, so that an estate whose
 * messages are all different holds no more than without it.
 */
const shared = recently((message: string) => message);

/**
 * The message of a not_evaluated result, one copy per recent reason. Most reasons are one string
 * shared by many results (no CloudTrail events, a section that was not collected), whose hash V8
 * keeps: looking the reason up costs less than building the message and hashing that.
 */
const notEvaluatedMessage = recently((reason: string) => shared(`Not evaluated: ${reason}.`));

const passMessages = new WeakMap<Rule, string>();
/** One string per rule, shared by all its passes. */
function passMessage(rule: Rule): string {
  let message = passMessages.get(rule);
  if (message === undefined) {
    message = `Not found: ${rule.title}.`;
    passMessages.set(rule, message);
  }
  return message;
}

/** A rule's own failure, as the verdict for the resource it was judging. */
const ruleFailed = (detail: string): Verdict => ({ status: "not_evaluated", reason: `the rule failed on this resource's data (${detail})` });

const shown = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : typeof value);

/** The verdict if toFinding can render it; a malformed one (a rule bug) is the rule's failure. */
function checkedVerdict(rule: Rule, verdict: Verdict): Verdict {
  switch (verdict.status) {
    case "pass":
      return verdict;
    case "not_evaluated":
      return typeof verdict.reason === "string" ? verdict : ruleFailed("a not_evaluated verdict without a reason");
    case "fail":
      // Own keys only: a messageId such as "toString" is not a message.
      return typeof verdict.messageId === "string" && Object.hasOwn(rule.messages, verdict.messageId)
        ? verdict
        : ruleFailed(`unknown message id ${shown(verdict.messageId)}`);
    default:
      return ruleFailed(`unknown verdict status ${shown((verdict as { status?: unknown }).status)}`);
  }
}

function judge(rule: Rule, target: Target, ruleOptions: Record<string, unknown>, options: RunOptions): Verdict | null {
  try {
    if (rule.appliesTo && !rule.appliesTo(target)) return null;
    const unmet = unmetRequirement(rule, target);
    if (unmet) return { status: "not_evaluated", ...unmet };
    if (rule.kind === "event") {
      const events = options.events ?? { unavailable: "no CloudTrail events were analysed" };
      if ("unavailable" in events) return { status: "not_evaluated", reason: events.unavailable };
      return events.analyses.get(rule.id)?.verdict(target) ?? null;
    }
    return rule.check(target, ruleOptions, options.context);
  } catch (error) {
    // A value of infrastructure code that is known only after deploy (snapshot/unknown.ts).
    if (error instanceof UnknownValueError) return { status: "not_evaluated", reason: error.reason };
    // A rule that cannot read unexpected data must not hide the other findings of the scan.
    return ruleFailed(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Where results go. Passes are most of a scan's results: the scan counts them into the tally of
 * their pool instead of keeping a Finding for each (unless they are listed, --include-passed).
 */
interface Sink {
  findings: Finding[];
  /** Present when passes are counted rather than kept. */
  passes?: PassedChecks;
  /** The tally of the pool being run, or of the account whose region-level rules run (identity pools, trails). */
  poolPasses?: PassTally;
}

function record(sink: Sink, rule: Rule, resource: ResourceRef, poolArn: string | undefined, verdict: Verdict, override: Severity | undefined, options: RunOptions): void {
  if (verdict.status === "pass" && sink.passes) {
    const weight = SEVERITY_WEIGHT[override ?? rule.severity];
    sink.passes.total.count += 1;
    sink.passes.total.weight += weight;
    if (sink.poolPasses) {
      sink.poolPasses.count += 1;
      sink.poolPasses.weight += weight;
    }
    options.passCases?.add(rule.id, resource, poolArn);
    return;
  }
  sink.findings.push(toFinding(rule, resource, poolArn, verdict, override, options.passEvidence ?? false));
}

function evaluate(rule: Rule, targets: Targets, poolArn: string | undefined, options: RunOptions, sink: Sink): void {
  const settings = options.settings?.get(rule.id);
  const override = settings?.severity;
  if (!Array.isArray(targets)) {
    sink.findings.push(toFinding(rule, targets.unlisted, poolArn, { status: "not_evaluated", reason: targets.reason, cause: targets.cause }, override));
    return;
  }
  const ruleOptions = settings?.options ?? rule.defaultOptions;
  for (const target of targets) {
    const verdict = judge(rule, target, ruleOptions, options);
    if (verdict) record(sink, rule, target.resource, poolArn, checkedVerdict(rule, verdict), override, options);
  }
}

export interface RunOutcome {
  /** Every failure and not_evaluated result; passes too when they are kept. */
  findings: Finding[];
  /** The passes that were counted instead (all zero when they are kept). */
  passes: PassedChecks;
}

/** Every finding of every rule on every resource in the snapshot, passes included, in a stable order. */
export function runRules(snapshot: Snapshot, rules: readonly Rule[], options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  walk(snapshot, rules, options, { findings });
  return findings;
}

/** The scan's run: as runRules, but passes are only counted unless `keepPasses` (--include-passed). */
export function runRulesCounted(snapshot: Snapshot, rules: readonly Rule[], options: RunOptions, keepPasses: boolean): RunOutcome {
  const passes: PassedChecks = { total: newPassTally(), byPool: new Map(), regionalByAccount: new Map() };
  const sink: Sink = { findings: [], ...(keepPasses ? {} : { passes }) };
  walk(snapshot, rules, options, sink);
  return { findings: sink.findings, passes };
}

function walk(snapshot: Snapshot, rules: readonly Rule[], options: RunOptions, sink: Sink): void {
  const poolRules = rules.filter((r) => !isRegionLevel(r.resourceType));
  const regionRules = rules.filter((r) => isRegionLevel(r.resourceType));
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const scope: RegionScope = { accountId: account.accountId, partition: account.partition, region: region.region, entry: region };
      for (const entry of region.userPools) {
        const pool = poolScope(account.accountId, account.partition, region.region, entry, account.regions);
        if (sink.passes) {
          sink.poolPasses = sink.passes.byPool.get(pool.arn);
          if (!sink.poolPasses) sink.passes.byPool.set(pool.arn, (sink.poolPasses = newPassTally()));
        }
        // Each kind's targets are built once per pool and shared by that kind's rules.
        const targets = new Map<Rule["resourceType"], Targets>();
        for (const rule of poolRules) {
          let forKind = targets.get(rule.resourceType);
          if (!forKind) {
            forKind = poolTargets(rule.resourceType, pool);
            targets.set(rule.resourceType, forKind);
          }
          evaluate(rule, forKind, pool.arn, options, sink);
        }
      }
      sink.poolPasses = undefined;
      // Pools that were listed but could not be described: every pool rule is not_evaluated.
      for (const error of region.errors.filter((e) => e.operation === "DescribeUserPool" && e.resource)) {
        const arn = userPoolArn(account.partition, region.region, account.accountId, error.resource!);
        const resource: ResourceRef = { arn, type: "AWS::Cognito::UserPool", name: error.resource!, accountId: account.accountId, region: region.region };
        for (const rule of rules.filter((r) => r.resourceType === "userPool")) {
          sink.findings.push(toFinding(rule, resource, arn, { status: "not_evaluated", ...errorReason(error) }, options.settings?.get(rule.id)?.severity));
        }
      }
      if (sink.passes) {
        sink.poolPasses = sink.passes.regionalByAccount.get(account.accountId);
        if (!sink.poolPasses) sink.passes.regionalByAccount.set(account.accountId, (sink.poolPasses = newPassTally()));
      }
      for (const rule of regionRules) evaluate(rule, regionTargets(rule.resourceType, scope), undefined, options, sink);
      sink.poolPasses = undefined;
    }
  }
}
