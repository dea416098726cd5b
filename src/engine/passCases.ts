// The passed checks of a scan as (rule, resource) pairs, for the formats that list every check
// (JUnit: a gate job whose report has no passing case reads as "no results"). A large estate passes
// over a million checks: they are kept as numbers, one per pass, not as Finding objects.
import type { ResourceRef } from "../snapshot/identifiers.js";

/** Where passed checks are listed: a user pool's (with its clients, providers, triggers), or an account's region-level ones. */
export interface PassGroup {
  /** The pool, or undefined for identity pools and regions. */
  poolArn?: string;
  accountId: string;
  region: string;
  /** How many passed checks the group holds. */
  count: number;
}

/** One passed check: the rule and the catalog identifier of the resource it judged. */
export interface PassCase {
  ruleId: string;
  arn: string;
}

interface Group extends PassGroup {
  key: string;
  /** The resources' identifiers, each once, in order of first pass. */
  resources: string[];
  /** Identifier → index in `resources`; only for the group being filled (rebuilt if a group is filled again). */
  index?: Map<string, number>;
  /** One number per pass: resource index × RULE_SLOTS + rule index. */
  cases: number[];
}

const RULE_SLOTS = 65536;

export class PassCases {
  private readonly ruleIds: string[] = [];
  private readonly ruleIndex = new Map<string, number>();
  private readonly groups = new Map<string, Group>();
  private current: Group | undefined;
  /** Every pass recorded. */
  total = 0;

  /** Records a pass of `ruleId` on `resource`, in the group of `poolArn` (else of the resource's account and region). */
  add(ruleId: string, resource: ResourceRef, poolArn: string | undefined): void {
    const key = poolArn ?? `${resource.accountId}\u0000${resource.region}`;
    let group = this.current;
    if (group?.key !== key) group = this.enter(key, poolArn, resource);
    let rule = this.ruleIndex.get(ruleId);
    if (rule === undefined) {
      rule = this.ruleIds.length;
      if (rule >= RULE_SLOTS) throw new Error(`more than ${RULE_SLOTS} rule ids`);
      this.ruleIds.push(ruleId);
      this.ruleIndex.set(ruleId, rule);
    }
    let at = group.index!.get(resource.arn);
    if (at === undefined) {
      at = group.resources.length;
      group.resources.push(resource.arn);
      group.index!.set(resource.arn, at);
    }
    group.cases.push(at * RULE_SLOTS + rule);
    group.count += 1;
    this.total += 1;
  }

  /** Switches to the group of `key`; the one left lets go of its lookup map (the runner fills a pool at a time). */
  private enter(key: string, poolArn: string | undefined, resource: ResourceRef): Group {
    if (this.current) this.current.index = undefined;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, accountId: resource.accountId, region: resource.region, count: 0, resources: [], cases: [], ...(poolArn !== undefined ? { poolArn } : {}) };
      this.groups.set(key, group);
    }
    group.index ??= new Map(group.resources.map((arn, i) => [arn, i]));
    this.current = group;
    return group;
  }

  /** The groups, in the order their first pass was recorded. */
  groupList(): PassGroup[] {
    return [...this.groups.values()];
  }

  /** The passes of a group, in the order they were recorded. */
  *casesOf(group: PassGroup): Generator<PassCase> {
    const own = this.groups.get(group.poolArn ?? `${group.accountId}\u0000${group.region}`);
    if (!own) return;
    for (const value of own.cases) {
      yield { ruleId: this.ruleIds[value % RULE_SLOTS]!, arn: own.resources[Math.floor(value / RULE_SLOTS)]! };
    }
  }
}
