// Runs every enabled rule over every resource of a snapshot: one finding per (rule, resource).
import type { CollectionError, PoolSection, Snapshot, UserPoolEntry } from "../snapshot/types.js";
import type { Finding } from "./findings.js";
import {
  clientTarget,
  identityProviderTarget,
  poolScope,
  poolTarget,
  unlistedResource,
  userPoolArn,
  type PoolScope,
  type ResourceKind,
  type ResourceRef,
  type Target,
} from "./resources.js";
import { renderMessage, type Rule, type RuleContext, type Verdict } from "./rule.js";

/** The API call behind each snapshot section, to explain why a section is missing. */
const SECTION_OPERATIONS: Record<PoolSection, string[]> = {
  mfaConfig: ["GetUserPoolMfaConfig"],
  riskConfiguration: ["DescribeRiskConfiguration"],
  clientRiskConfigurations: ["DescribeRiskConfiguration", "ListUserPoolClients"],
  clients: ["ListUserPoolClients"],
  identityProviders: ["ListIdentityProviders", "DescribeIdentityProvider"],
  resourceServers: ["ListResourceServers"],
  groups: ["ListGroups"],
  domains: ["DescribeUserPoolDomain"],
  logDeliveryConfiguration: ["GetLogDeliveryConfiguration"],
};

const describeError = (e: CollectionError) => `${e.operation} failed with ${e.code}${e.message ? `: ${e.message}` : ""}`;

function missingSectionReason(entry: UserPoolEntry, section: PoolSection): string {
  const error = entry.errors.find((e) => SECTION_OPERATIONS[section].includes(e.operation) && e.resource === undefined)
    ?? entry.errors.find((e) => SECTION_OPERATIONS[section].includes(e.operation));
  return error ? describeError(error) : `${section} was not collected (${SECTION_OPERATIONS[section].join("/")})`;
}

/** Why a target cannot be judged by `rule`, or undefined when everything it needs is there. */
function unmetRequirement(rule: Rule, target: Target): string | undefined {
  const entry = target.pool.entry;
  for (const section of rule.requires ?? []) {
    if (entry[section] === undefined) return missingSectionReason(entry, section);
  }
  if (target.kind === "client") {
    const error = entry.errors.find((e) => e.operation === "DescribeUserPoolClient" && e.resource === target.client.ClientId);
    if (error) return describeError(error);
  }
  return undefined;
}

function targetsOf(kind: ResourceKind, pool: PoolScope): Target[] | { unlisted: ResourceRef; reason: string } {
  const { entry } = pool;
  switch (kind) {
    case "userPool":
      return [poolTarget(pool)];
    case "client":
      return entry.clients
        ? entry.clients.map((c) => clientTarget(pool, c))
        : { unlisted: unlistedResource(pool, "client"), reason: missingSectionReason(entry, "clients") };
    case "identityProvider":
      return entry.identityProviders
        ? entry.identityProviders.map((p) => identityProviderTarget(pool, p))
        : { unlisted: unlistedResource(pool, "identityProvider"), reason: missingSectionReason(entry, "identityProviders") };
  }
}

export interface RuleSettings {
  options: Record<string, unknown>;
}

export interface RunOptions {
  context: RuleContext;
  /** Per-rule settings (options merged over defaults); absent: the rule's defaults. */
  settings?: Map<string, RuleSettings>;
}

function toFinding(rule: Rule, resource: ResourceRef, poolArn: string, verdict: Verdict): Finding {
  const base = { ruleId: rule.id, severity: rule.severity, resource, poolArn, remediation: rule.remediation };
  switch (verdict.status) {
    case "pass":
      return { ...base, status: "pass", message: `Not found: ${rule.title}.`, ...(verdict.evidence ? { evidence: verdict.evidence } : {}) };
    case "not_evaluated":
      return { ...base, status: "not_evaluated", message: `Not evaluated: ${verdict.reason}.`, reason: verdict.reason };
    case "fail": {
      const template = rule.messages[verdict.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message "${verdict.messageId}"`);
      return {
        ...base,
        severity: verdict.severity ?? rule.severity,
        status: "fail",
        messageId: verdict.messageId,
        message: renderMessage(template, verdict.data),
        ...(verdict.evidence ? { evidence: verdict.evidence } : {}),
      };
    }
  }
}

function judge(rule: Rule, target: Target, options: RunOptions): Verdict | null {
  const unmet = unmetRequirement(rule, target);
  if (unmet) return { status: "not_evaluated", reason: unmet };
  const ruleOptions = options.settings?.get(rule.id)?.options ?? rule.defaultOptions;
  try {
    return rule.check(target as never, ruleOptions, options.context);
  } catch (error) {
    // A rule that cannot read unexpected data must not hide the other findings of the scan.
    return { status: "not_evaluated", reason: `the rule failed on this resource's data (${(error as Error).message})` };
  }
}

/** Every finding of every rule on every resource in the snapshot, in a stable order. */
export function runRules(snapshot: Snapshot, rules: readonly Rule[], options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      for (const entry of region.userPools) {
        const pool = poolScope(account.accountId, account.partition, region.region, entry);
        for (const rule of rules) {
          const targets = targetsOf(rule.resourceType, pool);
          if (!Array.isArray(targets)) {
            const verdict: Verdict = { status: "not_evaluated", reason: targets.reason };
            findings.push(toFinding(rule, targets.unlisted, pool.arn, verdict));
            continue;
          }
          for (const target of targets) {
            const verdict = judge(rule, target, options);
            if (verdict) findings.push(toFinding(rule, target.resource, pool.arn, verdict));
          }
        }
      }
      // Pools that were listed but could not be described: every pool rule is not_evaluated.
      for (const error of region.errors.filter((e) => e.operation === "DescribeUserPool" && e.resource)) {
        const arn = userPoolArn(account.partition, region.region, account.accountId, error.resource!);
        const resource: ResourceRef = { arn, type: "AWS::Cognito::UserPool", name: error.resource!, accountId: account.accountId, region: region.region };
        for (const rule of rules.filter((r) => r.resourceType === "userPool")) {
          findings.push(toFinding(rule, resource, arn, { status: "not_evaluated", reason: describeError(error) }));
        }
      }
    }
  }
  return findings;
}
