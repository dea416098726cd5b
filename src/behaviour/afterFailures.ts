// Successes that follow a run of failures for the same key (a user, a source IP) within a window of
// event time: the signature of a guess that worked (sign-in-after-failures). Events come roughly,
// not strictly, in time order, so a failure that arrives after the success it precedes still counts.
import { PoolBursts, type BurstEntry } from "./bursts.js";

/** Failures kept per key: enough to count `threshold` within a window many times over. */
const failuresKept = (threshold: number) => Math.max(64, threshold * 8);
/** Successes kept per key that may still be matched by failures arriving late. */
const SUCCESSES_KEPT = 16;

export interface AfterFailuresOptions {
  windowMs: number;
  /** Failures within the window before a success that make it suspect. */
  threshold: number;
}

/** One success after failures, for the evidence. */
export interface SuspectSignIn {
  key: string;
  success: BurstEntry;
  failuresBefore: number;
  firstFailure: number;
}

interface KeyState {
  /** Failures not yet matched to a success, by time. */
  failures: BurstEntry[];
  /** Recent successes not matched, by time. */
  successes: BurstEntry[];
  /** Recent password resets, by time: a success after one counts only the failures after it. */
  resets: number[];
  /**
   * Successes matched to failures, not yet counted: a password reset between them may still arrive
   * (events come out of order), until the success is a window behind the latest event. Counted when the
   * sweep forgets the key, or at `result`.
   */
  pending: { found: SuspectSignIn; failures: BurstEntry[] }[];
  /**
   * The latest event time when the key last moved to the end of its pool's map. Keys move at most
   * every SLACK of a window, so each map is ordered by this time and every entry of a key is at most
   * SLACK of a window later than it: the sweep forgets keys from the front of the map until the
   * first one that may still hold something within the window.
   */
  touched: number;
}

/** How far behind the latest event time a key's `touched` may fall before it moves, as a share of the window. */
const SLACK = 1 / 8;
/** How often the sweep runs, as a share of the window of event time. */
const SWEEP_EVERY = 1 / 4;

/** What was found in one pool (bounded: tallies and the `listLimit` earliest sign-ins). */
export class PoolSuspects {
  readonly failures = new PoolBursts();
  readonly successes = new PoolBursts();
  readonly listed: SuspectSignIn[] = [];
  constructor(private readonly listLimit: number) {}
  add(found: SuspectSignIn, failures: readonly BurstEntry[]): void {
    this.successes.bursts++;
    this.successes.add(found.success);
    for (const f of failures) this.failures.add(f);
    // The earliest sign-ins, whatever order their matches are counted in.
    this.listed.push(found);
    if (this.listed.length > this.listLimit) {
      this.listed.sort((a, b) => a.success.time - b.success.time);
      this.listed.pop();
    }
  }
}

function insert(entries: BurstEntry[], entry: BurstEntry, cap: number): void {
  let i = entries.length;
  while (i > 0 && entries[i - 1]!.time > entry.time) i--;
  entries.splice(i, 0, entry);
  if (entries.length > cap) entries.splice(0, entries.length - cap);
}

export class AfterFailuresTracker {
  private readonly states = new Map<string, Map<string, KeyState>>();
  private readonly pools = new Map<string, PoolSuspects>();
  private latest = -Infinity;
  private sweptAt = -Infinity;

  constructor(
    private readonly options: AfterFailuresOptions,
    private readonly listLimit = 10,
  ) {}

  failure(poolArn: string, key: string, entry: BurstEntry): void {
    const state = this.state(poolArn, key, entry.time);
    insert(state.failures, entry, failuresKept(this.options.threshold));
    // A late failure may complete the run before a success already seen.
    for (const success of [...state.successes]) {
      if (success.time >= entry.time && success.time - entry.time <= this.options.windowMs && this.match(key, state, success)) {
        state.successes.splice(state.successes.indexOf(success), 1);
        break;
      }
    }
    this.maybeSweep();
  }

  success(poolArn: string, key: string, entry: BurstEntry): void {
    const state = this.state(poolArn, key, entry.time);
    if (!this.match(key, state, entry)) insert(state.successes, entry, SUCCESSES_KEPT);
    this.maybeSweep();
  }

  /**
   * The user reset their password at `time`: a success after it counts only the failures after it
   * (the new password proves no guess). A success before it is judged as before, in any arrival order.
   */
  reset(poolArn: string, key: string, time: number): void {
    const state = this.state(poolArn, key, time);
    let i = state.resets.length;
    while (i > 0 && state.resets[i - 1]! > time) i--;
    state.resets.splice(i, 0, time);
    if (state.resets.length > SUCCESSES_KEPT) state.resets.shift();
    // A success already matched, after this reset: only the failures after the reset count. One
    // a window behind the latest event is counted as it stands (the sweep may not have reached it).
    const settled = this.latest - this.options.windowMs;
    for (const p of [...state.pending]) {
      if (p.found.success.time < time || p.found.success.time < settled) continue;
      const after = p.failures.filter((f) => f.time > time);
      if (after.length >= this.options.threshold) {
        p.failures = after;
        p.found = { ...p.found, failuresBefore: after.length, firstFailure: after[0]!.time };
        continue;
      }
      state.pending.splice(state.pending.indexOf(p), 1);
      for (const f of after) insert(state.failures, f, failuresKept(this.options.threshold));
      insert(state.successes, p.found.success, SUCCESSES_KEPT);
    }
    this.maybeSweep();
  }

  /** What was found in a pool, once every event is observed (pending matches are counted now). */
  result(poolArn: string): PoolSuspects | undefined {
    for (const state of this.states.get(poolArn)?.values() ?? []) {
      for (const p of state.pending) this.count(poolArn, p);
      state.pending = [];
    }
    return this.pools.get(poolArn);
  }

  private count(poolArn: string, p: { found: SuspectSignIn; failures: BurstEntry[] }): void {
    let found = this.pools.get(poolArn);
    if (!found) this.pools.set(poolArn, (found = new PoolSuspects(this.listLimit)));
    found.add(p.found, p.failures);
  }

  /** Keys with state (for tests of the memory bound). */
  get trackedKeys(): number {
    let n = 0;
    for (const keys of this.states.values()) n += keys.size;
    return n;
  }

  /** Whether `success` follows enough failures; if so the match is pending and they leave the state. */
  private match(key: string, state: KeyState, success: BurstEntry): boolean {
    const { windowMs, threshold } = this.options;
    // Most successes follow no failure at all: nothing to count.
    if (state.failures.length < threshold) return false;
    const reset = state.resets.filter((r) => r <= success.time).pop() ?? -Infinity;
    const before = state.failures.filter((f) => f.time <= success.time && f.time >= success.time - windowMs && f.time > reset);
    if (before.length < threshold) return false;
    state.pending.push({ found: { key, success, failuresBefore: before.length, firstFailure: before[0]!.time }, failures: before });
    const used = new Set(before);
    state.failures = state.failures.filter((f) => !used.has(f));
    return true;
  }

  private state(poolArn: string, key: string, time: number): KeyState {
    if (time > this.latest) this.latest = time;
    let keys = this.states.get(poolArn);
    if (!keys) this.states.set(poolArn, (keys = new Map<string, KeyState>()));
    let state = keys.get(key);
    if (!state) keys.set(key, (state = { failures: [], successes: [], resets: [], pending: [], touched: this.latest }));
    else if (this.latest - state.touched > this.options.windowMs * SLACK) {
      // To the end of the map, which stays in order of `touched`.
      keys.delete(key);
      keys.set(key, state);
      state.touched = this.latest;
    }
    return state;
  }

  /**
   * Forgets the keys that hold nothing within a window of the latest event time, counting their
   * pending matches: the front of each pool's map, up to the first key touched too recently.
   */
  private maybeSweep(): void {
    const { windowMs } = this.options;
    if (this.latest - this.sweptAt < windowMs * SWEEP_EVERY) return;
    // A key whose `touched` is before this holds nothing at or after latest - windowMs.
    const before = this.latest - windowMs - windowMs * SLACK;
    for (const [pool, keys] of this.states) {
      for (const [key, state] of keys) {
        if (state.touched >= before) break;
        for (const p of state.pending) this.count(pool, p);
        keys.delete(key);
      }
      if (keys.size === 0) this.states.delete(pool);
    }
    this.sweptAt = this.latest;
  }
}
