import { RingBuffer } from './ringBuffer';

/**
 * The last `capacity` values kept both in arrival order and sorted, so any order statistic
 * (median, quartiles) is O(1) to read. Insert/evict are a binary search plus one memmove of at
 * most `capacity` doubles: bounded work and memory per point, no allocation.
 */
export class SortedWindow {
  private readonly sorted: Float64Array;
  private readonly fifo: RingBuffer;
  private n = 0;

  constructor(readonly capacity: number) {
    this.sorted = new Float64Array(capacity);
    this.fifo = new RingBuffer(capacity);
  }

  get length(): number {
    return this.n;
  }

  push(x: number): void {
    const evicted = this.fifo.push(x);
    if (!Number.isNaN(evicted)) this.remove(evicted);
    const at = this.lowerBound(x);
    this.sorted.copyWithin(at + 1, at, this.n);
    this.sorted[at] = x;
    this.n++;
  }

  /** numpy-style linear-interpolated quantile, q in [0, 1]; NaN when empty. */
  quantile(q: number): number {
    const n = this.n;
    if (n === 0) return NaN;
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    const hi = lo + 1 < n ? lo + 1 : n - 1;
    return this.sorted[lo] + (this.sorted[hi] - this.sorted[lo]) * (pos - lo);
  }

  min(): number {
    return this.n === 0 ? NaN : this.sorted[0];
  }

  max(): number {
    return this.n === 0 ? NaN : this.sorted[this.n - 1];
  }

  /** The k-th newest value (0 = newest). */
  recent(back: number): number {
    return this.fifo.get(back);
  }

  clear(): void {
    this.n = 0;
    this.fifo.clear();
  }

  private remove(x: number): void {
    const at = this.lowerBound(x);
    this.sorted.copyWithin(at, at + 1, this.n);
    this.n--;
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.n;
    const a = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
