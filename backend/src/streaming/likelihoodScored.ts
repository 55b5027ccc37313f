import { AnomalyLikelihood, type LikelihoodConfig } from './anomalyLikelihood';
import { DEFAULT_ENSEMBLE_CONFIG } from './ensemble';
import { clearResult, fmt, type StreamingDetector, type StreamingResult } from './types';

/**
 * Post-processes any streaming detector with the anomaly likelihood: the wrapped detector's
 * |deviation| (or its score when it reports no deviation) becomes a raw score whose recent average
 * is compared with its own history; the output score is the filtered log-likelihood. Expected value,
 * band and reason pass through. Defaults: the ensemble's raw-score scale and likelihood settings.
 */
export class LikelihoodScored implements StreamingDetector {
  readonly name: string;
  private readonly likelihood: AnomalyLikelihood;
  private readonly result: StreamingResult;
  private lastTail = 1;

  constructor(
    private readonly inner: StreamingDetector,
    private readonly rawHalf = DEFAULT_ENSEMBLE_CONFIG.rawHalf,
    config: LikelihoodConfig = DEFAULT_ENSEMBLE_CONFIG.likelihood,
  ) {
    this.name = `${inner.name}+likelihood`;
    this.likelihood = new AnomalyLikelihood(config);
    this.result = { score: 0, deviation: 0, expected: NaN, lower: NaN, upper: NaN, reason: 'warming up' };
  }

  update(timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const r = this.inner.update(timestampMs, value);
    const a = Math.abs(r.deviation);
    const raw = a > 0 ? a / (a + this.rawHalf) : r.score;
    const out = this.result;
    out.score = this.likelihood.update(raw);
    this.lastTail = this.likelihood.tail;
    out.deviation = r.deviation;
    out.expected = r.expected;
    out.lower = r.lower;
    out.upper = r.upper;
    out.reason = r.reason;
    return out;
  }

  reset(): void {
    this.inner.reset();
    this.likelihood.reset();
    this.lastTail = 1;
  }

  explain(): string {
    return `${this.name}: tail probability ${fmt(this.lastTail)}; ${this.inner.explain()}`;
  }
}
