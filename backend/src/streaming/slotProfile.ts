import { insertionSort, medianAndMad, sortedMedian } from './smallSort';

/** Median and robust spread (1.4826·MAD) of one seasonal slot and its neighbours. */
export interface SlotEstimate {
  median: number;
  spread: number;
  count: number;
}

/**
 * Seasonal memory for one period: the period is cut into equal time slots and each slot keeps its
 * last `depth` values (one per cycle for regular data). The estimate for a timestamp pools its slot
 * with `neighbours` slots on each side, so a slot's estimate rests on up to (2·neighbours+1)·depth
 * values. Memory O(slots·depth); work per point O(pool size) with no allocation.
 */
export class SlotProfile {
  readonly slots: number;
  private readonly values: Float64Array;
  private readonly counts: Int32Array;
  private readonly heads: Int32Array;
  private readonly pool: Float64Array;
  private readonly scratch: Float64Array;
  private readonly madOut = new Float64Array(1);
  /** Number of values added so far. */
  added = 0;

  readonly neighbours: number;

  constructor(
    readonly periodMs: number,
    slotMs: number,
    readonly depth: number,
    neighbours: number,
  ) {
    this.slots = Math.max(1, Math.round(periodMs / slotMs));
    // With very few slots (coarse data), never pool a slot twice.
    this.neighbours = Math.min(neighbours, Math.floor((this.slots - 1) / 2));
    this.values = new Float64Array(this.slots * depth);
    this.counts = new Int32Array(this.slots);
    this.heads = new Int32Array(this.slots);
    this.pool = new Float64Array((2 * this.neighbours + 1) * depth);
    this.scratch = new Float64Array(this.pool.length);
  }

  slotOf(timestampMs: number): number {
    const phase = ((timestampMs % this.periodMs) + this.periodMs) % this.periodMs;
    const s = Math.floor((phase / this.periodMs) * this.slots);
    return s >= this.slots ? this.slots - 1 : s;
  }

  /** Values already stored in the slot of `timestampMs` (not counting neighbours). */
  countAt(timestampMs: number): number {
    return this.counts[this.slotOf(timestampMs)];
  }

  /**
   * Fills `out` from the slot of `timestampMs` and its neighbours; count 0 when nothing is stored.
   * Without `withSpread` only the median is computed (spread NaN), which halves the work.
   */
  estimate(timestampMs: number, out: SlotEstimate, withSpread = true): SlotEstimate {
    const s = this.slotOf(timestampMs);
    const { slots, depth, pool } = this;
    let n = 0;
    for (let j = -this.neighbours; j <= this.neighbours; j++) {
      let ss = s + j;
      if (ss < 0) ss += slots;
      else if (ss >= slots) ss -= slots;
      const c = this.counts[ss];
      const base = ss * depth;
      for (let k = 0; k < c; k++) pool[n++] = this.values[base + k];
    }
    out.count = n;
    if (n === 0) {
      out.median = NaN;
      out.spread = NaN;
      return out;
    }
    if (!withSpread) {
      insertionSort(pool, n);
      out.median = sortedMedian(pool, n);
      out.spread = NaN;
      return out;
    }
    out.median = medianAndMad(pool, n, this.scratch, this.madOut);
    out.spread = 1.4826 * this.madOut[0];
    return out;
  }

  add(timestampMs: number, value: number): void {
    const s = this.slotOf(timestampMs);
    const base = s * this.depth;
    this.values[base + this.heads[s]] = value;
    this.heads[s] = this.heads[s] + 1 === this.depth ? 0 : this.heads[s] + 1;
    if (this.counts[s] < this.depth) this.counts[s]++;
    this.added++;
  }

  clear(): void {
    this.counts.fill(0);
    this.heads.fill(0);
    this.added = 0;
  }
}
