// Seeded fault injection. Whether an attempt fails, and how, depends only on (seed, request key,
// attempt number): the same client run gets the same faults, whatever the timing. At most
// `maxConsecutive` failing answers in a row per request key, so a client that retries at least
// that many times always gets through.

export const FAULT_KINDS = ["throttle", "internal", "unavailable", "reset", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Share of attempts that get a fault, 0 to 1. */
  rate: number;
  seed: number;
  /** Relative weights of the kinds (default: all equal). */
  mix?: Partial<Record<FaultKind, number>>;
  /** Failing answers in a row per request key before one is let through (default 3). */
  maxConsecutive?: number;
}

export const DEFAULT_MAX_CONSECUTIVE_FAULTS = 3;

/** A uniform number in [0, 1) from a string: FNV-1a, then murmur3's finaliser to spread the bits. */
export function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export class FaultPlan {
  private readonly attempts = new Map<string, { count: number; failedInARow: number }>();
  private readonly weights: [FaultKind, number][];
  private readonly total: number;
  readonly maxConsecutive: number;

  constructor(private readonly options: FaultOptions) {
    this.weights = FAULT_KINDS.map((kind) => [kind, Math.max(0, options.mix?.[kind] ?? 1)]);
    this.total = this.weights.reduce((sum, [, w]) => sum + w, 0);
    this.maxConsecutive = options.maxConsecutive ?? DEFAULT_MAX_CONSECUTIVE_FAULTS;
  }

  /** The fault for the next attempt of this request, if any. */
  next(key: string): FaultKind | undefined {
    const state = this.attempts.get(key) ?? { count: 0, failedInARow: 0 };
    this.attempts.set(key, state);
    state.count++;
    const base = `${this.options.seed}|${key}|${state.count}`;
    let kind: FaultKind | undefined;
    if (this.total > 0 && hashUnit(`${base}|fault`) < this.options.rate) {
      let pick = hashUnit(`${base}|kind`) * this.total;
      kind = this.weights.find(([, w]) => (pick -= w) < 0)?.[0] ?? this.weights.findLast(([, w]) => w > 0)![0];
    }
    // A slow answer is still an answer: only failures count towards the cap.
    if (kind && kind !== "slow" && state.failedInARow >= this.maxConsecutive) kind = undefined;
    state.failedInARow = kind && kind !== "slow" ? state.failedInARow + 1 : 0;
    return kind;
  }
}
