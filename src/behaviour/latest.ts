/**
 * The `cap` latest of a stream of timed items, whatever order they arrive in (CloudTrail's is not
 * time order): memory stays at `cap` items; `dropped` counts the ones not kept.
 */
export class Latest<T extends { time: number }> {
  readonly items: T[] = [];
  dropped = 0;
  constructor(private readonly cap: number) {}

  add(item: T): void {
    if (this.items.length < this.cap) {
      this.items.push(item);
      return;
    }
    this.dropped++;
    let oldest = 0;
    for (let i = 1; i < this.items.length; i++) if (this.items[i]!.time < this.items[oldest]!.time) oldest = i;
    if (item.time > this.items[oldest]!.time) this.items[oldest] = item;
  }
}
