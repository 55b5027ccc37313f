import { DEFAULT_PERIOD_CONFIG, type PeriodSelector, type PeriodSelectorConfig } from './periodSelector';
import { ResidualSource } from './residualSource';
import { RobustEw } from './robustEw';
import {
  clearResult,
  deviationToScore,
  emptyResult,
  fmt,
  type StreamingDetector,
  type StreamingResult,
} from './types';

export interface EwmaConfig {
  readonly period: PeriodSelectorConfig;
  /** EWMA weight of the newest point (0, 1]; small = sensitive to small sustained shifts. */
  readonly lambda: number;
  /** Control limit L: the chart signals when |EWMA − μ| > L·σ_EWMA. */
  readonly limit: number;
  /** Points over which the in-control mean and spread adapt (1/alpha). */
  readonly baselineWindow: number;
  readonly warmup: number;
  /** |deviation| in σ_EWMA at which the score is 0.5. */
  readonly halfScore: number;
  /** Residuals are winsorised at ±clip·σ before smoothing, so lone spikes barely move the chart. */
  readonly clip: number;
}

export const DEFAULT_EWMA_CONFIG: EwmaConfig = {
  period: DEFAULT_PERIOD_CONFIG,
  lambda: 0.2,
  limit: 3,
  baselineWindow: 500,
  warmup: 50,
  halfScore: 4,
  clip: 3,
};

/**
 * EWMA control chart on deseasonalised residuals: z_t = λ·r_t + (1−λ)·z_{t−1} is compared with the
 * slowly adapting robust in-control mean μ and σ_z = σ·√(λ/(2−λ)). Catches level shifts and small
 * sustained offsets that single-point tests miss.
 */
export class EwmaChart implements StreamingDetector {
  readonly name = 'ewma';
  private readonly result = emptyResult();
  private readonly source: ResidualSource;
  private readonly base: RobustEw;
  private readonly factor: number;
  private z = NaN;
  private sigmaZ = NaN;
  private lastValue = NaN;

  constructor(
    private readonly config: EwmaConfig = DEFAULT_EWMA_CONFIG,
    shared: PeriodSelector | null = null,
  ) {
    this.source = new ResidualSource(config.period, shared);
    this.base = new RobustEw(1 / config.baselineWindow, 3, config.warmup);
    this.factor = Math.sqrt(config.lambda / (2 - config.lambda));
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const c = this.config;
    const r = this.result;
    this.lastValue = value;
    const res = this.source.residual(timestampMs, value);
    if (Number.isNaN(res)) return clearResult(r);
    const b = this.base;
    const sigma = Math.max(b.sigma, 1e-9 * (Math.abs(b.mean) + 1));
    const lim = c.clip * sigma;
    const d = res - b.mean;
    const clipped = b.count >= c.warmup ? b.mean + (d > lim ? lim : d < -lim ? -lim : d) : res;
    this.z = Number.isNaN(this.z) ? clipped : c.lambda * clipped + (1 - c.lambda) * this.z;
    if (b.count >= c.warmup) {
      const sigmaZ = sigma * this.factor;
      this.sigmaZ = sigmaZ;
      const dev = (this.z - b.mean) / sigmaZ;
      const offset = this.source.expected;
      r.deviation = dev;
      r.expected = offset + b.mean;
      r.lower = r.expected - c.limit * sigmaZ;
      r.upper = r.expected + c.limit * sigmaZ;
      r.score = deviationToScore(Math.abs(dev), c.halfScore);
      r.reason =
        dev > c.limit
          ? 'EWMA above control limit'
          : dev < -c.limit
            ? 'EWMA below control limit'
            : 'EWMA in control';
    } else {
      clearResult(r);
    }
    b.update(res);
    return r;
  }

  reset(): void {
    this.source.reset();
    this.base.reset();
    this.z = NaN;
    this.sigmaZ = NaN;
    this.lastValue = NaN;
    clearResult(this.result);
  }

  explain(): string {
    const r = this.result;
    if (Number.isNaN(r.expected)) return 'ewma: warming up';
    const smoothed = r.expected + r.deviation * this.sigmaZ;
    return (
      `ewma: smoothed level ${fmt(smoothed)} vs in-control ${fmt(r.expected)} ` +
      `(${fmt(r.deviation)}σ, limit ±${this.config.limit}σ); value ${fmt(this.lastValue)}`
    );
  }
}
