import type { Matrix } from '../core/matrix';
import type { Detector } from '../detectors/detector';
import { isolationForestFactory } from '../detectors/isolationForest';
import { RobustEw } from './robustEw';
import { clearResult, emptyResult, fmt, type StreamingDetector, type StreamingResult } from './types';

export interface ShingleForestConfig {
  /** Shingle length: each point is described by itself and the `shingle − 1` values before it. */
  readonly shingle: number;
  /** Most recent shingles kept as the training set (bounded memory). */
  readonly buffer: number;
  /** Points between refits of the forest on the buffer. */
  readonly refitEvery: number;
  /** Shingles needed before the first fit. */
  readonly minTrain: number;
  readonly trees: number;
  readonly maxSamples: number;
  readonly seed: number;
}

export const DEFAULT_SHINGLE_FOREST_CONFIG: ShingleForestConfig = {
  shingle: 8,
  buffer: 512,
  refitEvery: 256,
  minTrain: 256,
  trees: 50,
  maxSamples: 128,
  seed: 42,
};

/**
 * Isolation Forest on shingled windows. Each point becomes the vector of its last `shingle` values;
 * a forest (the project's tabular Isolation Forest) is refitted every `refitEvery` points on the
 * last `buffer` shingles, all strictly before the point being scored, so the detector stays causal.
 * Scoring goes through the forest's public `scoreRaw` on a reused one-row matrix (the only
 * per-point allocation is its one-element result). Score = the forest's
 * 2^(−E[h]/c(ψ)) (≈0.5 ordinary, → 1 isolated); deviation = the score standardised by its own
 * running robust mean and spread.
 */
export class ShingleForest implements StreamingDetector {
  readonly name = 'shingle_iforest';
  private readonly result = emptyResult();
  private readonly window: Float64Array;
  private readonly train: Float64Array;
  private readonly scoreStats = new RobustEw(1 / 500, 3, 30);
  private seen = 0;
  private stored = 0;
  private sinceFit = 0;
  private forest: Detector | null = null;
  private readonly row: Matrix;
  private lastValue = NaN;

  constructor(private readonly config: ShingleForestConfig = DEFAULT_SHINGLE_FOREST_CONFIG) {
    this.window = new Float64Array(config.shingle);
    this.train = new Float64Array(config.buffer * config.shingle);
    this.row = { data: this.window, rows: 1, cols: config.shingle };
  }

  update(_timestampMs: number, value: number): StreamingResult {
    if (!Number.isFinite(value)) return clearResult(this.result, 'missing value');
    const c = this.config;
    const r = this.result;
    this.lastValue = value;
    // Shift the current shingle: window[0] is the oldest value, window[m−1] the newest.
    const w = this.window;
    w.copyWithin(0, 1);
    w[c.shingle - 1] = value;
    this.seen++;
    const full = this.seen >= c.shingle;
    if (full && this.forest !== null) {
      const s = this.forest.scoreRaw(this.row)[0];
      const st = this.scoreStats;
      const sigma = Math.max(st.sigma, 1e-6);
      r.score = s;
      r.deviation = st.count >= 30 ? (s - st.mean) / sigma : 0;
      r.expected = NaN;
      r.lower = NaN;
      r.upper = NaN;
      r.reason = s > 0.6 ? 'unusual recent shape (isolation forest)' : 'ordinary recent shape';
      st.update(s);
    } else {
      clearResult(r);
    }
    if (full) {
      this.train.set(w, (this.stored % c.buffer) * c.shingle);
      this.stored++;
      this.sinceFit++;
      const rows = Math.min(this.stored, c.buffer);
      if (rows >= c.minTrain && (this.forest === null || this.sinceFit >= c.refitEvery)) this.refit(rows);
    }
    return r;
  }

  private refit(rows: number): void {
    const c = this.config;
    const x: Matrix = { data: this.train.subarray(0, rows * c.shingle), rows, cols: c.shingle };
    const fitted = isolationForestFactory.fit(x, {
      contamination: 0.1,
      epochs: 1,
      batchSize: rows,
      params: { n_estimators: c.trees, max_samples: Math.min(c.maxSamples, rows), random_state: c.seed },
    });
    if (fitted instanceof Promise) throw new Error('isolation forest fit is expected to be synchronous');
    this.forest = fitted;
    this.sinceFit = 0;
  }

  reset(): void {
    this.window.fill(0);
    this.scoreStats.reset();
    this.seen = 0;
    this.stored = 0;
    this.sinceFit = 0;
    this.forest = null;
    this.lastValue = NaN;
    clearResult(this.result);
  }

  explain(): string {
    const r = this.result;
    if (this.forest === null) return 'shingle_iforest: warming up';
    return `shingle_iforest: isolation score ${fmt(r.score)} for the last ${this.config.shingle} values ending at ${fmt(this.lastValue)} (${fmt(r.deviation)}σ vs recent scores)`;
  }
}
