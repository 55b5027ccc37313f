import {
  DEFAULT_PERIOD_CONFIG,
  PeriodSelector,
  type PeriodChoice,
  type PeriodSelectorConfig,
} from './periodSelector';
import { RobustEw } from './robustEw';
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

export interface HoltWintersConfig extends SpreadFloors {
  readonly period: PeriodSelectorConfig;
  /** Smoothing of level, trend and seasonal indices. */
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  /** Trend damping φ in (0, 1]. */
  readonly phi: number;
  /** Errors are clipped at this many σ before they update the state (robust Holt-Winters). */
  readonly clip: number;
  /** Band half-width in σ_eff. */
  readonly k: number;
  readonly halfScore: number;
  /** Points before the first score. */
  readonly warmup: number;
  /** Points over which the error scale adapts. */
  readonly errorWindow: number;
}

export const DEFAULT_HOLT_WINTERS_CONFIG: HoltWintersConfig = {
  period: DEFAULT_PERIOD_CONFIG,
  alpha: 0.2,
  beta: 0.01,
  gamma: 0.1,
  phi: 0.98,
  clip: 3,
  k: 3,
  halfScore: 4,
  warmup: 50,
  errorWindow: 500,
  absFloor: 0,
  relFloor: 0.01,
  rangeFloor: 0.01,
};

/**
 * Robust additive Holt-Winters (damped trend) forecasting residual detector. The season (daily,
 * weekly or none) comes from the period selector; when a period is first detected its indices are
 * seeded from the selector's robust slot medians. Forecast ŷ = ℓ + φb + s[slot]; band ŷ ± k·σ with
 * σ from the clipped mean absolute one-step error.
 */
export class HoltWinters implements StreamingDetector {
  readonly name = 'holt_winters';
  private readonly result = emptyResult();
  private readonly selector: PeriodSelector;
  private readonly errors: RobustEw;
  private readonly range = new RangeTracker();
  private readonly seed: SlotEstimate = { median: NaN, spread: NaN, count: 0 };
  private level = NaN;
  private trend = 0;
  private season: Float64Array | null = null;
  private seasonChoice: PeriodChoice = 'none';
  private count = 0;
  private lastValue = NaN;

  constructor(
    private readonly config: HoltWintersConfig = DEFAULT_HOLT_WINTERS_CONFIG,
    private readonly shared: PeriodSelector | null = null,
  ) {
    this.selector = shared ?? new PeriodSelector(config.period);
    this.errors = new RobustEw(1 / config.errorWindow, config.clip, config.warmup);
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const c = this.config;
    const r = this.result;
    const sel = this.selector;
    this.lastValue = value;
    if (this.shared === null) sel.prepare(timestampMs);
    this.syncSeason();
    const profile = sel.profile(this.seasonChoice);
    const slot = this.season !== null && profile !== null ? profile.slotOf(timestampMs) : -1;
    const s = slot >= 0 && this.season !== null ? this.season[slot] : 0;
    if (Number.isNaN(this.level)) this.level = value - s;
    const forecast = this.level + c.phi * this.trend + s;
    const e = value - forecast;
    const errs = this.errors;
    if (this.count >= c.warmup) {
      const sigma = effectiveSpread(errs.sigma, forecast, this.range.range, c);
      const dev = e / sigma;
      r.deviation = dev;
      r.expected = forecast;
      r.lower = forecast - c.k * sigma;
      r.upper = forecast + c.k * sigma;
      r.score = deviationToScore(Math.abs(dev), c.halfScore);
      r.reason =
        value > r.upper
          ? 'above forecast band'
          : value < r.lower
            ? 'below forecast band'
            : 'within forecast band';
    } else {
      clearResult(r);
    }
    // Robust update: the state learns from the error clipped at clip·σ.
    const lim = c.clip * Math.max(errs.sigma, 1e-9 * (Math.abs(forecast) + 1));
    const ec = this.count >= c.warmup ? (e > lim ? lim : e < -lim ? -lim : e) : e;
    const x = forecast + ec;
    const prevLevel = this.level;
    this.level = c.alpha * (x - s) + (1 - c.alpha) * (prevLevel + c.phi * this.trend);
    this.trend = c.beta * (this.level - prevLevel) + (1 - c.beta) * c.phi * this.trend;
    if (slot >= 0 && this.season !== null) this.season[slot] = c.gamma * (x - this.level) + (1 - c.gamma) * s;
    errs.update(e);
    this.count++;
    this.range.add(value);
    if (this.shared === null) sel.learn(timestampMs, value);
    return r;
  }

  /** Follows the selector's period: seeds seasonal indices when a period appears, drops them when it goes. */
  private syncSeason(): void {
    const choice = this.selector.choice;
    if (choice === this.seasonChoice) return;
    const profile = this.selector.profile(choice);
    const prevSeason = this.season;
    this.seasonChoice = choice;
    this.season = null;
    if (profile === null) {
      if (prevSeason !== null && !Number.isNaN(this.level)) this.level += meanOf(prevSeason);
      return;
    }
    const season = new Float64Array(profile.slots);
    const slotMs = profile.periodMs / profile.slots;
    let sum = 0;
    let n = 0;
    for (let k = 0; k < profile.slots; k++) {
      profile.estimate(k * slotMs + slotMs / 2, this.seed);
      season[k] = this.seed.median;
      if (this.seed.count > 0) {
        sum += this.seed.median;
        n++;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    for (let k = 0; k < season.length; k++) season[k] = Number.isNaN(season[k]) ? 0 : season[k] - mean;
    this.season = season;
    if (!Number.isNaN(this.level)) this.level = mean;
  }

  reset(): void {
    if (this.shared === null) this.selector.reset();
    this.errors.reset();
    this.range.reset();
    this.level = NaN;
    this.trend = 0;
    this.season = null;
    this.seasonChoice = 'none';
    this.count = 0;
    this.lastValue = NaN;
    clearResult(this.result);
  }

  explain(): string {
    const r = this.result;
    if (Number.isNaN(r.expected)) return 'holt_winters: warming up';
    return `holt_winters (${this.seasonChoice} season): value ${fmt(this.lastValue)} vs forecast ${fmt(r.expected)} [${fmt(r.lower)}, ${fmt(r.upper)}], ${fmt(r.deviation)}σ`;
  }
}

function meanOf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length > 0 ? s / a.length : 0;
}
