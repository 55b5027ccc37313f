import { DEFAULT_PERIOD_CONFIG, type PeriodSelector, type PeriodSelectorConfig } from './periodSelector';
import { ResidualSource } from './residualSource';
import { RobustEw } from './robustEw';
import { clearResult, emptyResult, fmt, type StreamingDetector, type StreamingResult } from './types';

export interface CusumConfig {
  readonly period: PeriodSelectorConfig;
  /** Allowance k in σ: drifts smaller than k·σ per point are ignored. */
  readonly k: number;
  /** Decision interval h in σ: the chart alarms when a cumulative sum exceeds h. */
  readonly h: number;
  /** Points over which the reference mean and spread adapt. */
  readonly baselineWindow: number;
  readonly warmup: number;
  /** Standardised residuals are winsorised at ±clip before they accumulate (robust CUSUM). */
  readonly clip: number;
  /** After an alarm the reference is re-estimated as the mean of this many fresh residuals. */
  readonly relearnPoints: number;
}

export const DEFAULT_CUSUM_CONFIG: CusumConfig = {
  period: DEFAULT_PERIOD_CONFIG,
  k: 0.5,
  h: 5,
  baselineWindow: 1000,
  warmup: 50,
  clip: 3,
  relearnPoints: 20,
};

/**
 * Two-sided tabular CUSUM on standardised deseasonalised residuals u = (r − μ)/σ:
 * S⁺ = max(0, S⁺ + u − k), S⁻ = max(0, S⁻ − u − k). Score = S/(S + h) (0.5 at the decision
 * interval). After an alarm the sums restart and the reference is re-estimated from the next
 * `relearnPoints` residuals (re-baselining from the change point), so a shift is reported once while
 * a false alarm leaves the reference almost unbiased; gradual drift accumulates until significant.
 */
export class CusumChart implements StreamingDetector {
  readonly name = 'cusum';
  private readonly result = emptyResult();
  private readonly source: ResidualSource;
  private readonly base: RobustEw;
  /** Residuals still to collect for the post-alarm reference, and their running sum. */
  private relearnLeft = 0;
  private relearnSum = 0;
  private up = 0;
  private down = 0;
  private lastValue = NaN;

  constructor(
    private readonly config: CusumConfig = DEFAULT_CUSUM_CONFIG,
    shared: PeriodSelector | null = null,
  ) {
    this.source = new ResidualSource(config.period, shared);
    this.base = new RobustEw(1 / config.baselineWindow, 3, config.warmup);
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const c = this.config;
    const r = this.result;
    this.lastValue = value;
    const res = this.source.residual(timestampMs, value);
    if (Number.isNaN(res)) return clearResult(r);
    const b = this.base;
    if (this.relearnLeft > 0) {
      this.relearnSum += res;
      if (--this.relearnLeft === 0) b.mean = this.relearnSum / c.relearnPoints;
      clearResult(r, 'CUSUM re-baselining after an alarm');
      return r;
    }
    if (b.count >= c.warmup) {
      const sigma = Math.max(b.sigma, 1e-9 * (Math.abs(b.mean) + 1));
      const raw = (res - b.mean) / sigma;
      const u = raw > c.clip ? c.clip : raw < -c.clip ? -c.clip : raw;
      this.up = Math.max(0, this.up + u - c.k);
      this.down = Math.max(0, this.down - u - c.k);
      const s = this.up >= this.down ? this.up : -this.down;
      const offset = this.source.expected;
      r.deviation = s;
      r.expected = offset + b.mean;
      r.lower = r.expected - c.h * sigma;
      r.upper = r.expected + c.h * sigma;
      const a = Math.abs(s);
      r.score = a / (a + c.h);
      r.reason =
        a > c.h
          ? s > 0
            ? 'sustained upward shift (CUSUM)'
            : 'sustained downward shift (CUSUM)'
          : 'CUSUM in control';
      if (a > c.h) {
        // Alarm: restart the sums and re-estimate the reference from the next points.
        this.up = 0;
        this.down = 0;
        this.relearnLeft = c.relearnPoints;
        this.relearnSum = 0;
      }
    } else {
      clearResult(r);
    }
    b.update(res);
    return r;
  }

  reset(): void {
    this.source.reset();
    this.base.reset();
    this.relearnLeft = 0;
    this.relearnSum = 0;
    this.up = 0;
    this.down = 0;
    this.lastValue = NaN;
    clearResult(this.result);
  }

  explain(): string {
    const r = this.result;
    if (Number.isNaN(r.expected)) return 'cusum: warming up';
    return `cusum: cumulative excess ${fmt(r.deviation)}σ (decision interval ${this.config.h}σ); value ${fmt(this.lastValue)}, reference ${fmt(r.expected)}`;
  }
}
