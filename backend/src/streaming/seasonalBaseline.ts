import { DEFAULT_PERIOD_CONFIG, PeriodSelector, type PeriodSelectorConfig } from './periodSelector';
import type { SlotEstimate } from './slotProfile';
import { effectiveSpread, RangeTracker, type SpreadFloors } from './spreadFloor';
import {
  clearResult,
  deviationToScore,
  emptyResult,
  fmt,
  type StreamingDetector,
  type StreamingResult,
} from './types';

/**
 * Which baseline of the period selector to compare with: the automatically chosen one ('current'),
 * the rolling window ('level'), or a seasonal profile ('daily'/'weekly', falling back to the rolling
 * window while its slot is empty).
 */
export type BaselineView = 'current' | 'level' | 'daily' | 'weekly';

export interface SeasonalBaselineConfig extends SpreadFloors {
  readonly period: PeriodSelectorConfig;
  readonly view: BaselineView;
  /** Band half-width in effective spreads: band = expected ± k·σ_eff. */
  readonly k: number;
  /** |deviation| (in σ_eff) at which the score is 0.5. */
  readonly halfScore: number;
  /** Values the estimate must rest on before the detector scores. */
  readonly minCount: number;
}

export const DEFAULT_SEASONAL_CONFIG: SeasonalBaselineConfig = {
  period: DEFAULT_PERIOD_CONFIG,
  view: 'current',
  k: 3,
  halfScore: 4,
  minCount: 3,
  absFloor: 0,
  relFloor: 0.01,
  rangeFloor: 0.01,
};

/**
 * Robust seasonal baseline: expected value = median of the value's seasonal slot (daily or weekly,
 * detected automatically) or of the last day when no period is found; spread = 1.4826·MAD (IQR/1.349
 * for the rolling window), floored. Deviation = (x − expected)/σ_eff.
 */
export class SeasonalBaseline implements StreamingDetector {
  readonly name: string;
  private readonly result = emptyResult();
  private readonly range = new RangeTracker();
  private readonly selector: PeriodSelector;
  private lastValue = NaN;

  /** With a shared `selector`, its owner calls prepare/learn; otherwise this detector does. */
  constructor(
    private readonly config: SeasonalBaselineConfig = DEFAULT_SEASONAL_CONFIG,
    private readonly shared: PeriodSelector | null = null,
    name = 'seasonal',
  ) {
    this.name = name;
    this.selector = shared ?? new PeriodSelector(config.period);
  }

  /** The baseline actually used for the last point. */
  get baseline(): string {
    const v = this.config.view;
    return v === 'current' ? this.selector.choice : v;
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const sel = this.selector;
    if (this.shared === null) sel.prepare(timestampMs);
    const est = this.estimate();
    const r = this.result;
    this.lastValue = value;
    if (est.count >= this.config.minCount) {
      const c = this.config;
      const sigma = effectiveSpread(est.spread, est.median, this.range.range, c);
      const dev = (value - est.median) / sigma;
      r.deviation = dev;
      r.expected = est.median;
      r.lower = est.median - c.k * sigma;
      r.upper = est.median + c.k * sigma;
      r.score = deviationToScore(Math.abs(dev), c.halfScore);
      r.reason =
        value > r.upper
          ? 'above seasonal band'
          : value < r.lower
            ? 'below seasonal band'
            : 'within seasonal band';
    } else {
      clearResult(r);
    }
    if (this.shared === null) sel.learn(timestampMs, value);
    if (Number.isFinite(value)) this.range.add(value);
    return r;
  }

  private estimate(): SlotEstimate {
    const sel = this.selector;
    const min = this.config.minCount;
    switch (this.config.view) {
      case 'level':
        return sel.levelEst;
      case 'daily':
        return sel.dailyEst.count >= min ? sel.dailyEst : sel.levelEst;
      case 'weekly':
        return sel.weeklyEst.count >= min && !Number.isNaN(sel.weeklyEst.spread)
          ? sel.weeklyEst
          : sel.levelEst;
      default:
        return sel.current();
    }
  }

  reset(): void {
    if (this.shared === null) this.selector.reset();
    this.range.reset();
    clearResult(this.result);
    this.lastValue = NaN;
  }

  explain(): string {
    const r = this.result;
    if (Number.isNaN(r.expected)) return `${this.name}: warming up`;
    return (
      `${this.name} (${this.baseline} baseline): value ${fmt(this.lastValue)} vs expected ` +
      `${fmt(r.expected)} [${fmt(r.lower)}, ${fmt(r.upper)}], ${fmt(r.deviation)}σ`
    );
  }
}
