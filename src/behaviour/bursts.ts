// Bursts over a sliding window of event time, shared by the behaviour rules that count events
// or distinct users per key (brute-force, password-spraying, user-enumeration).
import { BlockList, isIP } from "node:net";
import type { CognitoEvent } from "../cloudtrail/normalise.js";
import { parseCidr } from "../cognito/cidr.js";
import { stringList, type Evidence } from "../engine/rule.js";
import { Tally } from "./tally.js";

/** Distinct values a tally keeps apart; events with further values are only counted in total. */
const TALLY_CAP = 10_000;
/** Longest list in the evidence. */
const EVIDENCE_LIST = 10;


/** One event (or several merged ones) in a sliding window. */
export interface BurstEntry {
  time: number;
  sourceIp?: string;
  sub?: string;
  principal?: string;
  clientId?: string;
  operation: string;
  /** How many events the entry stands for (see `mergeSameSub`). */
  weight: number;
}

export const entryOf = (e: CognitoEvent): BurstEntry => ({
  time: e.time,
  sourceIp: e.sourceIp,
  sub: e.sub,
  principal: e.principal,
  clientId: e.clientId,
  operation: e.name,
  weight: 1,
});

/** What the bursts found in one pool add up to (bounded: tallies only). */
export class PoolBursts {
  /** Bursts found: (key, episode) pairs, e.g. users under brute force. */
  bursts = 0;
  /** Events inside the bursts. */
  events = 0;
  first = Infinity;
  last = -Infinity;
  readonly sourceIps = new Tally(TALLY_CAP);
  readonly subs = new Tally(TALLY_CAP);
  readonly principals = new Tally(TALLY_CAP);
  readonly clients = new Tally(TALLY_CAP);
  readonly operations = new Tally(TALLY_CAP);

  add(entry: BurstEntry): void {
    this.events += entry.weight;
    if (entry.time < this.first) this.first = entry.time;
    if (entry.time > this.last) this.last = entry.time;
    this.sourceIps.add(entry.sourceIp, entry.weight);
    this.subs.add(entry.sub, entry.weight);
    this.principals.add(entry.principal, entry.weight);
    this.clients.add(entry.clientId, entry.weight);
    this.operations.add(entry.operation, entry.weight);
  }
}

/** A measure of the entries of one window, kept up to date as entries enter and leave it. */
export interface WindowMeasure {
  add(entry: BurstEntry): void;
  remove(entry: BurstEntry): void;
  readonly value: number;
}

export interface BurstOptions {
  windowMs: number;
  /** A burst is the measure of the entries of one window reaching `limit`. */
  limit: number;
  /** A new, empty measure, e.g. of the number of events or of distinct users. */
  measure(): WindowMeasure;
  /** Merge same-user entries that cannot change a measure of distinct users (keeps such keys small). */
  mergeSameSub?: boolean;
}

/** The number of events in a window. */
export function eventCount(): WindowMeasure {
  let n = 0;
  return {
    add: (e) => void (n += e.weight),
    remove: (e) => void (n -= e.weight),
    get value() {
      return n;
    },
  };
}

/** The number of distinct subs in a window. */
export function distinctSubs(): WindowMeasure {
  const subs = new Map<string, number>();
  return {
    add(e) {
      if (e.sub !== undefined) subs.set(e.sub, (subs.get(e.sub) ?? 0) + 1);
    },
    remove(e) {
      if (e.sub === undefined) return;
      const n = subs.get(e.sub) ?? 0;
      if (n <= 1) subs.delete(e.sub);
      else subs.set(e.sub, n - 1);
    },
    get value() {
      return subs.size;
    },
  };
}

interface KeyState {
  /** Recent entries of the key that are not part of a burst, by time. */
  entries: BurstEntry[];
  /** The key's latest burst: later (or earlier) events within a window of it extend it. */
  burst?: { first: number; last: number };
}

/** Inserts by time (events come roughly, not strictly, in order: usually at the end). */
function insert(entries: BurstEntry[], entry: BurstEntry): void {
  let i = entries.length;
  while (i > 0 && entries[i - 1]!.time > entry.time) i--;
  entries.splice(i, 0, entry);
}

/** Drops the entries older than `cutoff`. */
function prune(entries: BurstEntry[], cutoff: number): void {
  let i = 0;
  while (i < entries.length && entries[i]!.time < cutoff) i++;
  if (i > 0) entries.splice(0, i);
}

/**
 * Of three entries a < b < c of one user with c − a ≤ window, every window holding b holds a or c:
 * b adds no distinct user, so it is merged into a (its weight moves there). Merging into the earlier
 * entry keeps counts consistent with the first event time; events merged into an entry that is then
 * pruned are not counted (an undercount, never an overcount).
 */
function mergeSameSub(entries: BurstEntry[], sub: string | undefined, windowMs: number): void {
  if (sub === undefined) return;
  const kept: BurstEntry[] = [];
  const merged = new Set<BurstEntry>();
  for (const entry of entries) {
    if (entry.sub !== sub) continue;
    kept.push(entry);
    while (kept.length >= 3 && kept[kept.length - 1]!.time - kept[kept.length - 3]!.time <= windowMs) {
      const middle = kept.splice(kept.length - 2, 1)[0]!;
      kept[kept.length - 2]!.weight += middle.weight;
      merged.add(middle);
    }
  }
  if (merged.size === 0) return;
  const rest = entries.filter((e) => !merged.has(e));
  entries.splice(0, entries.length, ...rest);
}

/**
 * Finds, per pool and key (a user, a source IP), bursts: windows of `windowMs` of event time whose
 * entries reach the limit. State is kept only for keys seen within about a window of the latest
 * event time; once a key bursts, its later events within a window of the burst extend it.
 */
export class BurstTracker {
  private readonly states = new Map<string, Map<string, KeyState>>();
  private readonly pools = new Map<string, PoolBursts>();
  private latest = -Infinity;
  private sweptAt = -Infinity;

  constructor(private readonly options: BurstOptions) {}

  add(poolArn: string, key: string, entry: BurstEntry): void {
    const { windowMs } = this.options;
    if (entry.time > this.latest) this.latest = entry.time;
    let keys = this.states.get(poolArn);
    if (!keys) this.states.set(poolArn, (keys = new Map<string, KeyState>()));
    let state = keys.get(key);
    if (!state) keys.set(key, (state = { entries: [] }));

    const burst = state.burst;
    if (burst && entry.time >= burst.first - windowMs && entry.time <= burst.last + windowMs) {
      if (entry.time < burst.first) burst.first = entry.time;
      if (entry.time > burst.last) burst.last = entry.time;
      this.found(poolArn).add(entry);
    } else {
      insert(state.entries, entry);
      if (this.options.mergeSameSub) mergeSameSub(state.entries, entry.sub, windowMs);
      if (this.reached(state.entries, entry.time)) {
        const found = this.found(poolArn);
        found.bursts++;
        for (const e of state.entries) found.add(e);
        state.burst = { first: state.entries[0]!.time, last: state.entries[state.entries.length - 1]!.time };
        state.entries = [];
      } else {
        prune(state.entries, this.latest - windowMs);
      }
    }
    if (this.latest - this.sweptAt >= windowMs / 2) this.sweep();
  }

  /** The bursts found in a pool, or undefined when there were none. */
  result(poolArn: string): PoolBursts | undefined {
    return this.pools.get(poolArn);
  }

  /** Keys with state (for tests of the memory bound). */
  get trackedKeys(): number {
    let n = 0;
    for (const keys of this.states.values()) n += keys.size;
    return n;
  }

  private found(poolArn: string): PoolBursts {
    let found = this.pools.get(poolArn);
    if (!found) this.pools.set(poolArn, (found = new PoolBursts()));
    return found;
  }

  /**
   * Whether a window holding the entry at `time` reaches the limit. Windows start at an entry (any
   * window can slide right to its first entry without losing one); one pass with a running measure.
   */
  private reached(entries: readonly BurstEntry[], time: number): boolean {
    const { windowMs, limit } = this.options;
    const measure = this.options.measure();
    let end = -1;
    for (let start = 0; start < entries.length; start++) {
      const from = entries[start]!.time;
      if (from > time) break;
      while (end + 1 < entries.length && entries[end + 1]!.time <= from + windowMs) measure.add(entries[++end]!);
      if (from >= time - windowMs && measure.value >= limit) return true;
      measure.remove(entries[start]!);
    }
    return false;
  }

  /** Forgets what fell more than a window behind the latest event time. */
  private sweep(): void {
    const cutoff = this.latest - this.options.windowMs;
    for (const [pool, keys] of this.states) {
      for (const [key, state] of keys) {
        prune(state.entries, cutoff);
        if (state.burst && state.burst.last < cutoff) state.burst = undefined;
        if (state.entries.length === 0 && !state.burst) keys.delete(key);
      }
      if (keys.size === 0) this.states.delete(pool);
    }
    this.sweptAt = this.latest;
  }
}

/** An event time as ISO 8601. */
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The evidence common to the burst rules: first and last event time, source IPs and subs (at most 10
 * each, with their event counts), IAM principals of admin calls, operations and app clients.
 */
export function burstEvidence(found: PoolBursts): Evidence {
  const principals = found.principals.top(EVIDENCE_LIST);
  const subs = found.subs.top(EVIDENCE_LIST);
  return {
    firstEvent: iso(found.first),
    lastEvent: iso(found.last),
    sourceIps: found.sourceIps.top(EVIDENCE_LIST).map(([ip, count]) => ({ ip, count })),
    distinctSourceIps: found.sourceIps.distinct,
    ...(subs.length > 0 ? { subs: subs.map(([sub, count]) => ({ sub, count })) } : {}),
    ...(principals.length > 0 ? { principals: principals.map(([principal, count]) => ({ principal, count })) } : {}),
    operations: Object.fromEntries(found.operations.top(EVIDENCE_LIST)),
    clientIds: found.clients.top(EVIDENCE_LIST).map(([clientId]) => clientId),
  };
}

/** Per-pool counts of events a rule had to leave out (bounded by the number of pools). */
export class SkippedCounter {
  private readonly counts = new Map<string, number>();
  add(poolArn: string): void {
    this.counts.set(poolArn, (this.counts.get(poolArn) ?? 0) + 1);
  }
  get(poolArn: string): number {
    return this.counts.get(poolArn) ?? 0;
  }
}

/**
 * The client address of an event for the rules that group by source IP, or undefined: IAM-signed
 * calls (AdminInitiateAuth, AdminGetUser, …) come from the application's server, shared by all its
 * users, and a source that is no IP address is an AWS service.
 */
export function clientIp(event: CognitoEvent): string | undefined {
  if (event.principal !== undefined || event.sourceIp === undefined) return undefined;
  return isIP(event.sourceIp) === 0 ? undefined : event.sourceIp;
}

/** Matches addresses against CIDR ranges ("192.0.2.0/24", "2001:db8::/32", a bare address); invalid entries match nothing. */
export function ipMatcher(ranges: readonly string[]): (ip: string) => boolean {
  if (ranges.length === 0) return () => false;
  const list = new BlockList();
  for (const range of ranges) {
    const cidr = parseCidr(range);
    if (cidr) list.addSubnet(range.trim().split("/")[0]!, cidr.prefix, cidr.version === 4 ? "ipv4" : "ipv6");
  }
  return (ip) => list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
}

/** The schema of a `trustedSourceIps` option. */
export const trustedSourceIpsOption = (what: string) =>
  stringList({
    default: [],
    description: `Source addresses or CIDR ranges (e.g. a corporate NAT, 192.0.2.0/24) whose ${what} are expected: they are left out of the analysis and only counted in the evidence.`,
  });

