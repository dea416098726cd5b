// Client-side pacing so that a scan runs at, and never above, the request quotas of every account
// and region it reads: one lane per (account, region, quota category), shared by every client.

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a scan has sent so far: every attempt, and the attempts AWS throttled. */
export interface CallStats {
  calls: number;
  throttles: number;
}

/** What one request must wait for: its category's lane and, where AWS sets one, a narrower limit (per operation and user pool). */
export interface PaceRequest {
  /** The lane, e.g. "123456789012|eu-west-1|UserPoolResourceRead". */
  lane: string;
  rps: number;
  narrower?: { key: string; rps: number };
  /** A retry: served before first attempts. */
  retry?: boolean;
  /**
   * The resource the request is about (a user pool). Requests are served by the order in which
   * their resources first asked, so that each pool completes as early as it can (and leaves
   * memory) and the calls that follow up on an early pool's answers do not queue behind later pools.
   */
  group?: string;
}

/** A limit's schedule: the earliest time its next request may go. */
class Slots {
  next = 0;
  constructor(readonly interval: number) {}

  /**
   * Takes the slot at `now` (which is at or after `next`). Slots stay exactly `interval` apart while
   * requests keep coming (a timer that fires a millisecond late does not cost a slot), and restart
   * from `now` after an idle spell, so that idle time never turns into a burst.
   */
  take(now: number): void {
    const nominal = now - this.next < this.interval ? this.next : now;
    this.next = nominal + this.interval;
  }
}

interface Waiter {
  narrower?: Slots;
  /** Lower is served first: -1 for retries, else the arrival rank of the request's group (or of the request). */
  rank: number;
  /** Called with the time of the grant. */
  go: (at: number) => void;
}

/**
 * One quota category of one account and region. Waiters are served oldest first, except that a
 * waiter held back by its narrower limit lets the next one have the slot: a category slot is never
 * spent waiting on a per-pool limit.
 */
class Lane {
  private readonly waiters: Waiter[] = [];
  private readonly slots: Slots;
  private running = false;
  /** Throttles in a row: each one pauses the lane twice as long as the one before. */
  private throttledInARow = 0;
  /** When the last throttle was seen: only a success sent after it ends the run of throttles. */
  private lastThrottle = -Infinity;
  /** The arrival rank of each group with requests still to come (forgotten once its resource is done). */
  readonly ranks = new Map<string, number>();
  private arrivals = 0;
  /** Ends the serving loop's sleep early: a newcomer may be able to go now. */
  private poke?: () => void;

  constructor(
    rps: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.slots = new Slots(1000 / rps);
  }

  wait(narrower: Slots | undefined, retry: boolean, group: string | undefined, signal?: AbortSignal): Promise<number> {
    // A request without a group ranks by its own arrival, between the groups that came before and after it.
    let rank = -1;
    if (!retry) {
      rank = group !== undefined ? (this.ranks.get(group) ?? this.arrivals++) : this.arrivals++;
      if (group !== undefined) this.ranks.set(group, rank);
    }
    return new Promise((go, fail) => {
      if (signal?.aborted) {
        fail(abortError());
        return;
      }
      const waiter: Waiter = { narrower, rank, go };
      // Stable: behind every waiter of the same or a lower rank.
      let at = this.waiters.length;
      while (at > 0 && this.waiters[at - 1]!.rank > rank) at--;
      this.waiters.splice(at, 0, waiter);
      // A call past its deadline leaves the queue: it must not spend a slot.
      signal?.addEventListener(
        "abort",
        () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) {
            this.waiters.splice(index, 1);
            fail(abortError());
          }
        },
        { once: true },
      );
      if (!this.running) void this.serve();
      else this.poke?.();
    });
  }

  /** Requests per second the lane grants while it has requests waiting; 0 when none waits. */
  pace(): number {
    return this.waiters.length > 0 ? 1000 / this.slots.interval : 0;
  }

  /** The rest of the lane's requests for `group` will not come: its rank is no longer needed. */
  forget(group: string): void {
    this.ranks.delete(group);
  }

  private pause(ms: number): Promise<void> {
    return Promise.race([this.sleep(ms), new Promise<void>((woken) => (this.poke = woken))]).finally(() => (this.poke = undefined));
  }

  private async serve(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.length > 0) {
        const now = this.now();
        if (now < this.slots.next) {
          await this.sleep(this.slots.next - now);
          continue;
        }
        const index = this.waiters.findIndex((w) => !w.narrower || w.narrower.next <= now);
        if (index < 0) {
          // Everyone waits on a narrower limit: sleep until the first of them opens, or a newcomer arrives.
          await this.pause(Math.min(...this.waiters.map((w) => w.narrower!.next)) - now);
          continue;
        }
        const [waiter] = this.waiters.splice(index, 1);
        this.slots.take(now);
        waiter!.narrower?.take(now);
        waiter!.go(now);
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * AWS throttled a request of this lane: someone else may be using the quota too. The lane's next
   * slot moves to one slot from now, then two, four … slots for each further throttle in a row, at
   * most a second (the quota's bucket refills within a second). A lone throttle (a blip) costs no
   * more than the retry's own slot; a quota that others are using is yielded to within a few.
   * Only this lane waits: other categories, regions and accounts go on.
   */
  throttled(): void {
    const now = this.now();
    const pause = Math.min(1000, this.slots.interval * 2 ** this.throttledInARow++);
    this.lastThrottle = now;
    this.slots.next = Math.max(this.slots.next, now + pause);
  }

  /** A request granted at `sentAt` succeeded: if it was sent after the last throttle, the quota has room again. */
  succeeded(sentAt: number): void {
    if (sentAt > this.lastThrottle) this.throttledInARow = 0;
  }
}

const abortError = () => Object.assign(new Error("the call's deadline passed while it waited for its quota slot"), { name: "AbortError" });

/** Every lane and narrower limit of a scan, shared by all of its clients, and the call counts. */
export class RateLimits {
  private readonly lanes = new Map<string, Lane>();
  /** Narrower limits by group, so that a finished resource's limits can be dropped with it. */
  private readonly narrower = new Map<string, Map<string, Slots>>();
  /** The lanes each group has waited in: forgetting a group touches those, not every lane of the scan. */
  private readonly groupLanes = new Map<string, Set<Lane>>();
  readonly stats: CallStats = { calls: 0, throttles: 0 };

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
    private readonly paced = true,
  ) {}

  /** No pacing at all: for tests of what is collected, where waiting would only make them slow. */
  static unpaced(): RateLimits {
    return new RateLimits(undefined, undefined, false);
  }

  private lane(key: string, rps: number): Lane {
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = new Lane(rps, this.now, this.sleep)));
    return lane;
  }

  /**
   * Resolves with the time of the grant when the request may be sent; rejects (AbortError) when
   * `signal` aborts first, and the request then spends no slot.
   */
  take(request: PaceRequest, signal?: AbortSignal): Promise<number> {
    if (!this.paced) return Promise.resolve(this.now());
    let narrower: Slots | undefined;
    if (request.narrower) {
      const group = request.group ?? "";
      const limits = this.narrower.get(group) ?? this.narrower.set(group, new Map()).get(group)!;
      narrower = limits.get(request.narrower.key);
      if (!narrower) limits.set(request.narrower.key, (narrower = new Slots(1000 / request.narrower.rps)));
    }
    const lane = this.lane(request.lane, request.rps);
    if (request.group !== undefined) {
      const lanes = this.groupLanes.get(request.group) ?? this.groupLanes.set(request.group, new Set()).get(request.group)!;
      lanes.add(lane);
    }
    return lane.wait(narrower, request.retry ?? false, request.group, signal);
  }

  /**
   * The calls per second the quota model lets through now: the rates of the categories (of every
   * account and region) that have requests waiting. 0 when nothing waits or nothing is paced.
   */
  pace(): number {
    let rps = 0;
    for (const lane of this.lanes.values()) rps += lane.pace();
    return rps;
  }

  throttled(request: PaceRequest): void {
    if (this.paced) this.lane(request.lane, request.rps).throttled();
  }

  /** The request granted at `sentAt` succeeded. */
  succeeded(request: PaceRequest, sentAt: number): void {
    if (this.paced) this.lanes.get(request.lane)?.succeeded(sentAt);
  }

  /**
   * The resource `group` names is complete: its rank in every lane and its narrower limits go, so
   * that the scheduler's memory does not grow with the estate.
   */
  forget(group: string): void {
    this.narrower.delete(group);
    for (const lane of this.groupLanes.get(group) ?? []) lane.forget(group);
    this.groupLanes.delete(group);
  }
}
