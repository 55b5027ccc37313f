import type { StreamDetectorStats, StreamResultItem, StreamStatus } from '../contract/stream';
import { DomainError, invalidField } from '../core/errors';
import type { Matrix } from '../core/matrix';
import { detectorFactory } from '../detectors/registry';
import { isStreamingDetectorName } from '../streaming/registry';
import type { StateScorer, Trainer } from '../training/trainedState';
import { CausalModel } from './causalModel';
import { featureNames, featureRow, lookback, DEFAULT_LAG_PERIODS, type DerivedSpec } from './derivedFeatures';
import type { ParsedPoints } from './points';
import { PointWindow, type StoredPoint } from './pointWindow';
import type { StreamConfig } from './schemas';
import { TabularModel, type PointScore } from './tabularModel';
import { yieldToEventLoop } from '../core/timeSlices';

/** Points a causal replay feeds before it lets other work run (keeps the event loop responsive). */
const REPLAY_CHUNK = 2048;

type Model = TabularModel | CausalModel;

/** Where tabular streams train and score (the worker pool in the service; inline in tests). */
export interface StreamCompute {
  readonly train: Trainer;
  readonly score: StateScorer;
}

/** What a state file restores (see stateFile.ts). */
export interface StreamCounters {
  totalProcessed: number;
  samplesSinceRetrain: number;
  anomaliesDetected: number;
  modelVersion: number;
  trainedAt: string | null;
  lastError: string | null;
  modelFromSeq: number;
}

/**
 * One streaming detector (LlamaFarm's tick-tock): collects `min_samples` points (cold start), then
 * scores each point with the current model while a new one is trained on the sliding window every
 * `retrain_interval` points, in the background; scoring never waits for it.
 */
export class StreamDetector {
  readonly kind: 'tabular' | 'causal';
  readonly window: PointWindow;
  readonly spec: DerivedSpec;
  columns: readonly string[] | null = null;
  model: Model | null = null;
  counters: StreamCounters = emptyCounters();
  /** The tabular backend's parameters after its schema's defaults. */
  private readonly fitParams: Record<string, unknown>;
  private retraining: Promise<void> | null = null;
  /** Bumped by reset: a retrain started before it is discarded. */
  private generation = 0;

  constructor(
    readonly id: string,
    readonly config: StreamConfig,
    private readonly compute: StreamCompute,
    /** Called when a background retrain changed the model (to persist it). */
    private readonly onRetrained: (detector: StreamDetector) => void,
  ) {
    this.kind = isStreamingDetectorName(config.backend) ? 'causal' : 'tabular';
    const rolling = this.kind === 'tabular' ? (config.rolling_windows ?? []) : [];
    const lags =
      this.kind === 'tabular' && config.include_lags ? (config.lag_periods ?? DEFAULT_LAG_PERIODS) : [];
    this.spec = { rolling, lags };
    this.fitParams = detectorFactory(config.backend)?.params.parse(config.params) ?? config.params;
    this.window = new PointWindow(config.window_size, 2 * config.window_size + config.retrain_interval);
  }

  get status(): StreamStatus {
    if (this.model === null) return 'collecting';
    return this.retraining ? 'retraining' : 'ready';
  }

  get features(): string[] | null {
    return this.columns ? featureNames(this.columns, this.spec) : null;
  }

  get samplesUntilReady(): number {
    return this.model ? 0 : Math.max(0, this.config.min_samples - this.window.size);
  }

  /**
   * Processes the request's points in order (they were all checked first). A causal model scores
   * each point as it arrives; a tabular model scores the batch's points together, once they are in
   * the window, and a retrain is then started on that window if one is due.
   */
  async process(parsed: ParsedPoints, now: number): Promise<StreamResultItem[]> {
    if (parsed.rows.length === 0) return [];
    this.columns ??= parsed.columns;
    this.checkTimestamps(parsed);
    const results: StreamResultItem[] = [];
    const rows: Float64Array[] = [];
    for (let i = 0; i < parsed.rows.length; i++) {
      const t = parsed.timestamps[i];
      const point = { values: parsed.rows[i], timestampMs: Number.isNaN(t) ? now : t };
      this.window.push(point, this.kind === 'causal' ? this.counters.modelFromSeq : Infinity);
      this.counters.totalProcessed++;
      this.counters.samplesSinceRetrain++;
      const model = this.model;
      if (model === null) {
        if (this.window.size >= this.config.min_samples) await this.trainInitial();
        results.push({
          index: i,
          score: null,
          is_anomaly: null,
          raw_score: null,
          samples_until_ready: this.samplesUntilReady,
        });
      } else if (model instanceof CausalModel) {
        results.push(this.result(i, model.update(point)));
        this.retrainIfDue();
      } else {
        const recent = this.window.last(lookback(this.spec) + 1);
        rows.push(featureRow(recent, recent.length - 1, this.spec));
      }
    }
    if (rows.length > 0 && this.model instanceof TabularModel) {
      const first = results.length;
      const scores = await this.model.scoreRows(stack(rows), this.compute.score);
      scores.forEach((s, k) => results.push(this.result(first + k, s)));
      this.retrainIfDue();
    }
    return results;
  }

  private result(index: number, { score, raw }: PointScore): StreamResultItem {
    const isAnomaly = score > this.config.threshold;
    if (isAnomaly) this.counters.anomaliesDetected++;
    return { index, score, is_anomaly: isAnomaly, raw_score: raw, samples_until_ready: 0 };
  }

  private retrainIfDue(): void {
    if (this.retraining === null && this.counters.samplesSinceRetrain >= this.config.retrain_interval)
      this.startRetrain();
  }

  /** Cold start is over: the first model is trained before the next point is scored. */
  private async trainInitial(): Promise<void> {
    try {
      const { model, fromSeq } = await this.trainOnWindow(this.generation);
      this.install(model, fromSeq, 0);
    } catch (error) {
      this.counters.lastError = describe(error);
    }
  }

  private startRetrain(): void {
    const generation = this.generation;
    const snapshotEnd = this.window.endSeq;
    this.retraining = this.trainOnWindow(generation)
      .then(({ model, fromSeq }) => {
        if (generation !== this.generation) return;
        // A causal model catches up on the points that arrived while it replayed.
        if (model instanceof CausalModel) for (const p of this.window.from(snapshotEnd)) model.update(p);
        const unseen = model instanceof CausalModel ? 0 : this.window.endSeq - snapshotEnd;
        this.install(model, fromSeq, unseen);
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.counters.lastError = describe(error);
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.retraining = null;
        this.onRetrained(this);
      });
  }

  private install(model: Model, fromSeq: number, unseen: number): void {
    this.model = model;
    this.counters.modelVersion++;
    this.counters.modelFromSeq = fromSeq;
    this.counters.samplesSinceRetrain = unseen;
    this.counters.trainedAt = new Date().toISOString();
    this.counters.lastError = null;
  }

  /** A new model from the current window: tabular in the trainer (worker pool), causal by replay. */
  private async trainOnWindow(generation: number): Promise<{ model: Model; fromSeq: number }> {
    const points = this.window.window();
    const fromSeq = this.window.endSeq - points.length;
    if (this.kind === 'causal') {
      const model = this.newCausal();
      for (let start = 0; start < points.length; start += REPLAY_CHUNK) {
        for (const p of points.slice(start, start + REPLAY_CHUNK)) model.update(p);
        if (start + REPLAY_CHUNK < points.length) await yieldToEventLoop();
        if (generation !== this.generation) break;
      }
      return { model, fromSeq };
    }
    const trained = await this.compute.train({
      backend: this.config.backend,
      x: this.trainingMatrix(points),
      contamination: this.config.contamination,
      params: this.fitParams,
      epochs: 100,
      batchSize: 32,
      background: true,
    });
    return { model: new TabularModel(this.config.backend, trained), fromSeq };
  }

  newCausal(): CausalModel {
    if (!isStreamingDetectorName(this.config.backend) || !this.columns)
      throw new Error('causal model without a causal backend or features');
    return new CausalModel(this.config.backend, this.columns.length, this.config.params);
  }

  private trainingMatrix(points: readonly StoredPoint[]): Matrix {
    const cols = featureNames(this.columns ?? [], this.spec).length;
    const data = new Float64Array(points.length * cols);
    for (let i = 0; i < points.length; i++) data.set(featureRow(points, i, this.spec), i * cols);
    return { data, rows: points.length, cols };
  }

  private checkTimestamps(parsed: ParsedPoints): void {
    if (this.kind !== 'causal') return;
    let last = this.window.size > 0 ? this.window.last(1)[0].timestampMs : -Infinity;
    parsed.timestamps.forEach((t, i) => {
      if (Number.isNaN(t)) return;
      if (t < last)
        throw invalidField(
          ['body', 'data', i, 'timestamp'],
          `point ${i}: timestamps must not decrease for causal detectors (${new Date(t).toISOString()} is before ${new Date(last).toISOString()})`,
        );
      last = t;
    });
  }

  /** Back to cold start: window, model, counters and features cleared (configuration kept). */
  reset(): void {
    this.generation++;
    this.columns = null;
    this.retraining = null;
    this.model = null;
    this.window.clear();
    this.counters = emptyCounters();
  }

  stats(): StreamDetectorStats {
    const c = this.counters;
    return {
      model_id: this.id,
      backend: this.config.backend,
      status: this.status,
      model_version: c.modelVersion,
      samples_collected: this.window.size,
      total_processed: c.totalProcessed,
      samples_since_retrain: c.samplesSinceRetrain,
      min_samples: this.config.min_samples,
      retrain_interval: this.config.retrain_interval,
      window_size: this.config.window_size,
      threshold: this.config.threshold,
      is_ready: this.model !== null,
      kind: this.kind,
      contamination: this.config.contamination,
      features: this.features,
      anomalies_detected: c.anomaliesDetected,
      last_trained_at: c.trainedAt,
      last_error: c.lastError,
    };
  }
}

export function emptyCounters(): StreamCounters {
  return {
    totalProcessed: 0,
    samplesSinceRetrain: 0,
    anomaliesDetected: 0,
    modelVersion: 0,
    trainedAt: null,
    lastError: null,
    modelFromSeq: 0,
  };
}

/** A training failure as stats show it: a domain error's sentence, else the error's message. */
function describe(error: unknown): string {
  if (error instanceof DomainError && typeof error.detail === 'string') return error.detail;
  return error instanceof Error ? error.message : String(error);
}

function stack(rows: readonly Float64Array[]): Matrix {
  const cols = rows[0].length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return { data, rows: rows.length, cols };
}
