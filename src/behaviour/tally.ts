// Counts per key (source IP, sub, principal, …) for behaviour-rule evidence, with bounded memory.

export class Tally {
  private readonly counts = new Map<string, number>();
  /** Occurrences of keys beyond the cap: counted, not kept apart. */
  overflow = 0;
  constructor(private readonly cap = 10_000) {}

  add(key: string | undefined, n = 1): void {
    if (key === undefined) return;
    const count = this.counts.get(key);
    if (count !== undefined) this.counts.set(key, count + n);
    else if (this.counts.size < this.cap) this.counts.set(key, n);
    else this.overflow += n;
  }

  /** Adds every count of `other` (keys beyond the cap go to overflow, as with add). */
  merge(other: Tally): void {
    for (const [key, n] of other.counts) this.add(key, n);
    this.overflow += other.overflow;
  }

  /** Distinct keys kept (at most the cap). */
  get size(): number {
    return this.counts.size;
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** The `n` keys with the most occurrences, most first (ties by key, for stable reports). */
  top(n = Infinity): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
  }

  object(): Record<string, number> {
    return Object.fromEntries(this.top());
  }
}
