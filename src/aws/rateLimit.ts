// Client-side request pacing so that a scan stays inside Cognito's per-account, per-region quotas.

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spaces requests evenly: at most `rps` per second, no bursts. */
export class TokenBucket {
  private nextSlot = 0;
  constructor(
    readonly rps: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rps;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** What a scan has sent so far: every attempt, and the attempts AWS throttled. */
export interface CallStats {
  calls: number;
  throttles: number;
}

/** One bucket per key, shared by every client of a scan: (account/credentials, region, category). */
export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly stats: CallStats = { calls: 0, throttles: 0 };
  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  bucket(key: string, rps: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rps, this.now, this.sleep);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
