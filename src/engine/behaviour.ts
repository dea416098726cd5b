// Behaviour rules judge CloudTrail sign-in and admin events. The events are streamed once through
// every behaviour rule's analysis; each analysis keeps only what its windows need, then judges
// each resource like any other rule.
import type { EventBatches } from "../cloudtrail/sources.js";
import { isFailedSignIn, isSignInAttempt, type CognitoEvent } from "../cloudtrail/normalise.js";
import type { Snapshot } from "../snapshot/types.js";
import { identityPoolArn, poolScope } from "./resources.js";
import type { Rule } from "./rule.js";
import type { AttributedEvent, EventAnalysis, RuleContext, RuleSettings } from "./types.js";
export type { AttributedEvent, EventAnalysis } from "./types.js";

/** Per-pool sign-in activity for the report. */
export interface PoolActivity {
  poolArn: string;
  events: number;
  signIns: number;
  failedSignIns: number;
  /** Source IPs with the most failed sign-ins, most first (at most 5). */
  topFailingIps: { ip: string; failures: number }[];
}

export interface Activity {
  /** Where the events came from: "lookup", "files", "snapshot". */
  source: string;
  start: string;
  end: string;
  /** cognito-idp events read (after dropping duplicates), and how many named no known pool. */
  events: number;
  unattributed: number;
  pools: PoolActivity[];
}

/** Maps events to the snapshot's pools: by pool id, else by app client id. */
export function poolIndex(snapshot: Snapshot): (event: CognitoEvent) => string | undefined {
  const byPoolId = new Map<string, string>();
  const byClientId = new Map<string, string>();
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      for (const entry of region.userPools) {
        const pool = poolScope(account.accountId, account.partition, region.region, entry);
        byPoolId.set(pool.id, pool.arn);
        for (const client of entry.clients ?? []) if (client.ClientId) byClientId.set(client.ClientId, pool.arn);
      }
    }
  }
  return (event) => (event.poolId ? byPoolId.get(event.poolId) : undefined) ?? (event.clientId ? byClientId.get(event.clientId) : undefined);
}

/**
 * Maps cognito-identity events to the snapshot's identity pools by id, to the ARN the runner gives
 * the identity pool's target (resources.ts identityPoolTarget): identity pool rules look their
 * pool's events up by `target.resource.arn`.
 */
export function identityPoolIndex(snapshot: Snapshot): (event: CognitoEvent) => string | undefined {
  const byId = new Map<string, string>();
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const scope = { accountId: account.accountId, partition: account.partition, region: region.region, entry: region };
      for (const pool of region.identityPools ?? []) if (pool.IdentityPoolId) byId.set(pool.IdentityPoolId, identityPoolArn(scope, pool.IdentityPoolId));
    }
  }
  return (event) => (event.identityPoolId ? byId.get(event.identityPoolId) : undefined);
}

/** Counts per pool for the "sign-in activity" report section; bounded by pools × distinct failing IPs. */
class ActivityCounter {
  private readonly pools = new Map<string, { events: number; signIns: number; failed: number; ips: Map<string, number> }>();
  events = 0;
  unattributed = 0;

  observe(event: AttributedEvent): void {
    this.events++;
    if (!event.poolArn) {
      this.unattributed++;
      return;
    }
    let pool = this.pools.get(event.poolArn);
    if (!pool) this.pools.set(event.poolArn, (pool = { events: 0, signIns: 0, failed: 0, ips: new Map() }));
    pool.events++;
    if (isSignInAttempt(event)) pool.signIns++;
    if (isFailedSignIn(event)) {
      pool.failed++;
      const ip = event.sourceIp ?? "unknown";
      pool.ips.set(ip, (pool.ips.get(ip) ?? 0) + 1);
    }
  }

  summary(): PoolActivity[] {
    return [...this.pools].map(([poolArn, p]) => ({
      poolArn,
      events: p.events,
      signIns: p.signIns,
      failedSignIns: p.failed,
      topFailingIps: [...p.ips]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([ip, failures]) => ({ ip, failures })),
    }));
  }
}

/**
 * A behaviour rule's analysis that cannot stop the scan: once starting it or observing an event
 * throws, the rule stops observing and its verdicts are not_evaluated with the error (the runner
 * catches what `verdict` itself throws).
 */
function guarded(start: () => EventAnalysis): EventAnalysis {
  let failure: string | undefined;
  const failed = (error: unknown) => {
    failure = `the rule failed on the CloudTrail events (${error instanceof Error ? error.message : String(error)})`;
  };
  let analysis: EventAnalysis | undefined;
  try {
    analysis = start();
  } catch (error) {
    failed(error);
  }
  return {
    observe(event) {
      if (failure !== undefined || !analysis) return;
      try {
        analysis.observe(event);
      } catch (error) {
        failed(error);
      }
    },
    verdict(target) {
      return failure !== undefined || !analysis ? { status: "not_evaluated", reason: failure ?? "the rule's analysis did not start" } : analysis.verdict(target);
    },
  };
}

export interface EventsAnalysed {
  analyses: Map<string, EventAnalysis>;
  activity: Activity;
}

/**
 * Streams the events once through every behaviour rule (with its options) and the activity counter;
 * events outside the window are skipped. cognito-identity events go to the rules only.
 */
export async function analyseEvents(
  batches: EventBatches,
  snapshot: Snapshot,
  rules: readonly Rule[],
  settings: Map<string, RuleSettings> | undefined,
  context: RuleContext,
  window: { source: string; start: Date; end: Date },
): Promise<EventsAnalysed> {
  const poolOf = poolIndex(snapshot);
  const identityPoolOf = identityPoolIndex(snapshot);
  const analyses = new Map<string, EventAnalysis>();
  for (const rule of rules) {
    if (rule.kind !== "event") continue;
    const { events } = rule;
    analyses.set(rule.id, guarded(() => events.analyse(settings?.get(rule.id)?.options ?? rule.defaultOptions, context)));
  }
  const counter = new ActivityCounter();
  const all = [...analyses.values()];
  const start = window.start.getTime();
  const end = window.end.getTime();
  for await (const batch of batches) {
    for (const event of batch) {
      if (event.time < start || event.time > end) continue;
      const attributed: AttributedEvent = event;
      if (event.service === "cognito-identity") {
        // Identity pool events reach the rules (those of identity pools read them) but not the
        // activity section, which counts user pool sign-ins; they never carry a poolArn.
        attributed.identityPoolArn = identityPoolOf(event);
      } else {
        attributed.poolArn = poolOf(event);
        counter.observe(attributed);
      }
      for (const analysis of all) analysis.observe(attributed);
    }
  }
  return {
    analyses,
    activity: {
      source: window.source,
      start: window.start.toISOString(),
      end: window.end.toISOString(),
      events: counter.events,
      unattributed: counter.unattributed,
      pools: counter.summary(),
    },
  };
}
