import { normalTail } from './normal';

export interface LikelihoodConfig {
  /** Points before the distribution of recent scores is first estimated. */
  readonly learningPoints: number;
  /** Averaged scores kept for the distribution estimate. */
  readonly historyPoints: number;
  /** Raw scores averaged into the "recent" score. */
  readonly averagingWindow: number;
  /** Points between re-estimates of the distribution. */
  readonly reestimateEvery: number;
  /** Lower bounds on the estimated mean and variance (avoid alarms on blips of a quiet stream). */
  readonly minMean: number;
  readonly minVariance: number;
  /** Tail probability of the "red zone"; consecutive red points after the first are lowered to `yellowTail`. */
  readonly redTail: number;
  readonly yellowTail: number;
}

/** Numenta's defaults (nupic `AnomalyLikelihood`), with a learning period of 300 points. */
export const DEFAULT_LIKELIHOOD_CONFIG: LikelihoodConfig = {
  learningPoints: 300,
  historyPoints: 8640,
  averagingWindow: 10,
  reestimateEvery: 100,
  minMean: 0.03,
  minVariance: 0.0003,
  redTail: 1e-5,
  yellowTail: 1e-3,
};

const LOG_EPS = Math.log(1e-10);

/**
 * The anomaly likelihood of Ahmad et al. (Neurocomputing 2017): how improbable the recent average of
 * raw scores is under a normal fit to the history of averaged scores. The tail probability is
 * filtered so that only the first point of a run in the red zone keeps its full value (one alert per
 * event) and returned on Numenta's log scale, log(tail + 1e−10)/log(1e−10) ∈ [0, 1] (0.5 ≈ tail
 * 1e−5). O(1) amortised per point: the history is a ring buffer with running sums, resynchronised
 * exactly once per history length.
 */
export class AnomalyLikelihood {
  private readonly history: Float64Array;
  private readonly recent: Float64Array;
  private seen = 0;
  private recentCount = 0;
  private recentSum = 0;
  private sum = 0;
  private sumSq = 0;
  private mean = NaN;
  private sd = NaN;
  private prevTail = 1;
  /** Tail probability of the last point before filtering (1 while learning). */
  tail = 1;

  constructor(private readonly config: LikelihoodConfig = DEFAULT_LIKELIHOOD_CONFIG) {
    this.history = new Float64Array(config.historyPoints);
    this.recent = new Float64Array(config.averagingWindow);
  }

  /** Consumes a raw score in [0, 1]; returns the filtered log-likelihood score in [0, 1]. */
  update(raw: number): number {
    const c = this.config;
    const w = c.averagingWindow;
    const slot = this.recentCount % w;
    if (this.recentCount >= w) this.recentSum -= this.recent[slot];
    this.recent[slot] = raw;
    this.recentSum += raw;
    this.recentCount++;
    const avg = this.recentSum / Math.min(this.recentCount, w);

    let tail = 0.5;
    if (!Number.isNaN(this.mean)) {
      const z = (avg - this.mean) / this.sd;
      tail = normalTail(Math.abs(z));
    }
    this.tail = tail;

    const h = this.seen % c.historyPoints;
    if (this.seen >= c.historyPoints) {
      const old = this.history[h];
      this.sum -= old;
      this.sumSq -= old * old;
    }
    this.history[h] = avg;
    this.sum += avg;
    this.sumSq += avg * avg;
    this.seen++;
    // Running sums drift by rounding; resynchronise them exactly once per history length.
    if (this.seen % c.historyPoints === 0) this.resync();
    if (this.seen >= c.learningPoints && (this.seen - c.learningPoints) % c.reestimateEvery === 0)
      this.estimate();

    let filtered = tail;
    if (tail <= c.redTail) {
      if (this.prevTail <= c.redTail) filtered = c.yellowTail;
    }
    this.prevTail = tail;
    return Math.log(filtered + 1e-10) / LOG_EPS;
  }

  private estimate(): void {
    const c = this.config;
    const m = Math.min(this.seen, c.historyPoints);
    let mean = this.sum / m;
    let variance = Math.max(0, this.sumSq / m - mean * mean);
    if (mean < c.minMean) mean = c.minMean;
    if (variance < c.minVariance) variance = c.minVariance;
    this.mean = mean;
    this.sd = Math.sqrt(variance);
  }

  private resync(): void {
    let sum = 0;
    let sumSq = 0;
    const m = Math.min(this.seen, this.config.historyPoints);
    for (let i = 0; i < m; i++) {
      sum += this.history[i];
      sumSq += this.history[i] * this.history[i];
    }
    this.sum = sum;
    this.sumSq = sumSq;
  }

  reset(): void {
    this.seen = 0;
    this.recentCount = 0;
    this.recentSum = 0;
    this.sum = 0;
    this.sumSq = 0;
    this.mean = NaN;
    this.sd = NaN;
    this.prevTail = 1;
    this.tail = 1;
  }
}
