import { DEFAULT_PERIOD_CONFIG, PeriodSelector, type PeriodSelectorConfig } from './periodSelector';

/**
 * Deseasonalises a stream for detectors that watch residuals (control charts): residual = value −
 * the period selector's current expected value, NaN while the selector has no estimate yet (its
 * first few dozen points). The selector may be shared; then its owner prepares and learns.
 */
export class ResidualSource {
  private readonly selector: PeriodSelector;
  expected = NaN;

  constructor(
    periodConfig: PeriodSelectorConfig = DEFAULT_PERIOD_CONFIG,
    private readonly shared: PeriodSelector | null = null,
  ) {
    this.selector = shared ?? new PeriodSelector(periodConfig);
  }

  get period(): string {
    return this.selector.choice;
  }

  /** Residual of x at t (NaN while warming up); call exactly once per point. */
  residual(t: number, x: number): number {
    if (this.shared === null) this.selector.prepare(t);
    const est = this.selector.current();
    this.expected = est.count > 0 ? est.median : NaN;
    const r = x - this.expected;
    if (this.shared === null) this.selector.learn(t, x);
    return r;
  }

  reset(): void {
    if (this.shared === null) this.selector.reset();
    this.expected = NaN;
  }
}
