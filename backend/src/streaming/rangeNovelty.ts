import { RangeTracker } from './spreadFloor';
import { clearResult, emptyResult, fmt, type StreamingDetector, type StreamingResult } from './types';

export interface RangeNoveltyConfig {
  /** A value is novel when it leaves [min − tol·range, max + tol·range] of everything seen before. */
  readonly tolerance: number;
  /** Points seen before the rule may fire. */
  readonly warmup: number;
}

export const DEFAULT_RANGE_CONFIG: RangeNoveltyConfig = { tolerance: 0.05, warmup: 10 };

/**
 * Range novelty ("spatial anomaly" in Numenta's NAB detector): score 1 when the value falls outside
 * the range seen so far, widened by a tolerance; 0 otherwise. O(1) time and memory.
 */
export class RangeNovelty implements StreamingDetector {
  readonly name = 'range';
  private readonly result = emptyResult();
  private readonly range = new RangeTracker();
  private count = 0;
  private lastValue = NaN;

  constructor(private readonly config: RangeNoveltyConfig = DEFAULT_RANGE_CONFIG) {}

  update(_timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const r = this.result;
    const g = this.range;
    this.lastValue = value;
    if (this.count >= this.config.warmup && g.range > 0) {
      const tol = this.config.tolerance * g.range;
      r.lower = g.min - tol;
      r.upper = g.max + tol;
      r.expected = NaN;
      const above = value > r.upper;
      const below = value < r.lower;
      r.score = above || below ? 1 : 0;
      r.deviation = above ? (value - g.max) / g.range : below ? (value - g.min) / g.range : 0;
      r.reason = above ? 'new maximum' : below ? 'new minimum' : 'within seen range';
    } else {
      clearResult(r);
    }
    g.add(value);
    this.count++;
    return r;
  }

  reset(): void {
    this.range.reset();
    this.count = 0;
    this.lastValue = NaN;
    clearResult(this.result);
  }

  explain(): string {
    const r = this.result;
    if (Number.isNaN(r.lower)) return 'range: warming up';
    return `range: value ${fmt(this.lastValue)} vs seen range [${fmt(r.lower)}, ${fmt(r.upper)}] (incl. tolerance)`;
  }
}
