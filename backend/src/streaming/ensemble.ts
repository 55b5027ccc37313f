import { AnomalyLikelihood, DEFAULT_LIKELIHOOD_CONFIG, type LikelihoodConfig } from './anomalyLikelihood';
import { CusumChart, DEFAULT_CUSUM_CONFIG, type CusumConfig } from './cusumChart';
import { DEFAULT_EWMA_CONFIG, EwmaChart, type EwmaConfig } from './ewmaChart';
import { DEFAULT_HOLT_WINTERS_CONFIG, HoltWinters, type HoltWintersConfig } from './holtWinters';
import { DEFAULT_PERIOD_CONFIG, PeriodSelector, type PeriodSelectorConfig } from './periodSelector';
import { DEFAULT_RANGE_CONFIG, RangeNovelty, type RangeNoveltyConfig } from './rangeNovelty';
import { DEFAULT_SEASONAL_CONFIG, SeasonalBaseline, type SeasonalBaselineConfig } from './seasonalBaseline';
import { DEFAULT_SHINGLE_FOREST_CONFIG, ShingleForest, type ShingleForestConfig } from './shingleForest';
import { clearResult, emptyResult, fmt, type StreamingDetector, type StreamingResult } from './types';

/** Detectors the ensemble can combine. 'level' and 'daily' are views of the robust seasonal baseline. */
export type EnsembleMember =
  'level' | 'daily' | 'seasonal' | 'ewma' | 'cusum' | 'holt_winters' | 'shingle_iforest';

export const ENSEMBLE_MEMBERS: readonly EnsembleMember[] = [
  'level',
  'daily',
  'seasonal',
  'ewma',
  'cusum',
  'holt_winters',
  'shingle_iforest',
];

export interface EnsembleConfig {
  readonly members: readonly EnsembleMember[];
  /** Shared by every member: one period decision and one set of seasonal profiles per series. */
  readonly period: PeriodSelectorConfig;
  /** A member's raw score is |deviation|/(|deviation| + rawHalf) before its likelihood. */
  readonly rawHalf: number;
  /**
   * Weight per member in log-tail space: a member's tail counts as tail^weight, so a weight below 1
   * makes a member need stronger evidence before it can raise the ensemble score.
   */
  readonly weights: Readonly<Record<EnsembleMember, number>>;
  readonly likelihood: LikelihoodConfig;
  /** Range novelty override (score 1 on a new extreme); null disables it. */
  readonly range: RangeNoveltyConfig | null;
  /** Highest score the likelihood path can reach, so range novelty always ranks above it. */
  readonly likelihoodCap: number;
  /** Points after an alert (red-zone tail or range novelty) during which red tails count as yellow. */
  readonly refractory: number;
  /** Whether range novelty alerts are also muted during the refractory period. */
  readonly refractoryMutesRange: boolean;
  /**
   * Output scale of the likelihood path. 'continuous': log(tail + 1e−10)/log(1e−10) as is.
   * 'decades': the same rounded down to 0.1, i.e. the tail probability reported in whole decades
   * (0.5 = tail ≤ 1e−5, the red zone; 0.6 = ≤ 1e−6; …). The first point of an alert only just
   * crosses the red line, so on the continuous scale alert scores crowd into [0.5, 0.55] and which of
   * them a corpus-wide threshold keeps is decided by chance overshoot; in decades every alert of the
   * same depth scores the same, and a threshold chosen on some series means the same on others.
   */
  readonly scoreScale: 'continuous' | 'decades';
  readonly seasonal: SeasonalBaselineConfig;
  readonly ewma: EwmaConfig;
  readonly cusum: CusumConfig;
  readonly holtWinters: HoltWintersConfig;
  readonly shingleForest: ShingleForestConfig;
}

export const DEFAULT_ENSEMBLE_CONFIG: EnsembleConfig = {
  members: ['level', 'daily', 'ewma'],
  period: DEFAULT_PERIOD_CONFIG,
  rawHalf: 6,
  weights: { level: 1, daily: 1, seasonal: 1, ewma: 1, cusum: 1, holt_winters: 1, shingle_iforest: 1 },
  likelihood: { ...DEFAULT_LIKELIHOOD_CONFIG, learningPoints: 300 },
  range: DEFAULT_RANGE_CONFIG,
  likelihoodCap: 0.999,
  refractory: 48,
  refractoryMutesRange: false,
  scoreScale: 'decades',
  seasonal: DEFAULT_SEASONAL_CONFIG,
  ewma: { ...DEFAULT_EWMA_CONFIG },
  cusum: { ...DEFAULT_CUSUM_CONFIG, h: 10 },
  holtWinters: DEFAULT_HOLT_WINTERS_CONFIG,
  shingleForest: DEFAULT_SHINGLE_FOREST_CONFIG,
};

const LOG_EPS = Math.log(1e-10);

/**
 * The default streaming detector. Every member scores the point against its own notion of normal
 * (rolling robust level, same-time-of-day pool, EWMA and CUSUM charts on deseasonalised residuals,
 * Holt-Winters forecast); each member's raw score goes through its own anomaly likelihood (how
 * unusual its recent average is for this series), the smallest tail probability wins, and a red-zone
 * filter keeps only the first point of a run of extreme tails (one alert per event). The result is
 * put on Numenta's log scale. A value beyond the range seen so far (range novelty) scores 1.
 */
export class Ensemble implements StreamingDetector {
  readonly name = 'ensemble';
  private readonly result = emptyResult();
  private readonly selector: PeriodSelector;
  private readonly members: StreamingDetector[];
  private readonly likelihoods: AnomalyLikelihood[];
  private readonly weights: Float64Array;
  private readonly reporter: SeasonalBaseline;
  private readonly range: RangeNovelty | null;
  private prevTail = 1;
  private lastTail = 1;
  private lastMember = -1;
  private lastValue = NaN;
  private novel = false;
  /** Points since the last alert (large when none). */
  private sinceAlert = Number.MAX_SAFE_INTEGER;

  constructor(private readonly config: EnsembleConfig = DEFAULT_ENSEMBLE_CONFIG) {
    if (config.members.length === 0) throw new Error('ensemble needs at least one member');
    this.selector = new PeriodSelector(config.period);
    this.members = config.members.map((m) => this.createMember(m));
    this.likelihoods = config.members.map(() => new AnomalyLikelihood(config.likelihood));
    this.weights = Float64Array.from(config.members, (m) => config.weights[m]);
    this.reporter = new SeasonalBaseline({ ...config.seasonal, view: 'current' }, this.selector);
    this.range = config.range === null ? null : new RangeNovelty(config.range);
  }

  private createMember(m: EnsembleMember): StreamingDetector {
    const c = this.config;
    const sel = this.selector;
    switch (m) {
      case 'level':
        return new SeasonalBaseline({ ...c.seasonal, view: 'level' }, sel, 'level');
      case 'daily':
        return new SeasonalBaseline({ ...c.seasonal, view: 'daily' }, sel, 'daily');
      case 'seasonal':
        return new SeasonalBaseline({ ...c.seasonal, view: 'current' }, sel, 'seasonal');
      case 'ewma':
        return new EwmaChart(c.ewma, sel);
      case 'cusum':
        return new CusumChart(c.cusum, sel);
      case 'holt_winters':
        return new HoltWinters(c.holtWinters, sel);
      case 'shingle_iforest':
        return new ShingleForest(c.shingleForest);
    }
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const c = this.config;
    const r = this.result;
    this.lastValue = value;
    this.selector.prepare(timestampMs);
    let tail = 1;
    let arg = -1;
    for (let k = 0; k < this.members.length; k++) {
      const m = this.members[k].update(timestampMs, value);
      const a = Math.abs(m.deviation);
      const lk = this.likelihoods[k];
      lk.update(a / (a + c.rawHalf));
      const w = this.weights[k];
      const t = w === 1 ? lk.tail : Math.pow(lk.tail, w);
      if (t < tail) {
        tail = t;
        arg = k;
      }
    }
    const base = this.reporter.update(timestampMs, value);
    this.selector.learn(timestampMs, value);

    const red = c.likelihood.redTail;
    const muted = this.sinceAlert < c.refractory;
    const filtered = tail <= red && (this.prevTail <= red || muted) ? c.likelihood.yellowTail : tail;
    this.prevTail = tail;
    this.lastTail = tail;
    this.lastMember = arg;
    const logScore = Math.log(filtered + 1e-10) / LOG_EPS;
    const s = c.scoreScale === 'decades' ? Math.floor(logScore * 10) / 10 : logScore;

    const novelty = this.range === null ? 0 : this.range.update(timestampMs, value).score;
    this.novel = novelty >= 1 && !(muted && c.refractoryMutesRange);
    if (this.novel || filtered <= red) this.sinceAlert = 0;
    else if (this.sinceAlert < Number.MAX_SAFE_INTEGER) this.sinceAlert++;
    r.score = this.novel ? 1 : Math.min(s, c.likelihoodCap);
    r.deviation = base.deviation;
    r.expected = base.expected;
    r.lower = base.lower;
    r.upper = base.upper;
    r.reason = this.novel
      ? 'outside the range seen so far'
      : filtered <= red
        ? 'improbable recent behaviour'
        : filtered <= c.likelihood.yellowTail
          ? 'unusual recent behaviour'
          : 'normal';
    return r;
  }

  reset(): void {
    this.selector.reset();
    for (const m of this.members) m.reset();
    for (const l of this.likelihoods) l.reset();
    this.reporter.reset();
    this.range?.reset();
    this.prevTail = 1;
    this.lastTail = 1;
    this.lastMember = -1;
    this.lastValue = NaN;
    this.novel = false;
    this.sinceAlert = Number.MAX_SAFE_INTEGER;
  }

  explain(): string {
    const r = this.result;
    const head = `ensemble score ${fmt(r.score)}: ${r.reason}`;
    if (this.novel) return `${head}; value ${fmt(this.lastValue)} (${this.range?.explain() ?? ''})`;
    if (this.lastMember < 0) return `${head} (warming up)`;
    const m = this.members[this.lastMember];
    return `${head}; strongest signal ${m.name} (tail probability ${fmt(this.lastTail)}): ${m.explain()}`;
  }
}
