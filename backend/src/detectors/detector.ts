import type { z } from 'zod';
import type { Matrix } from '../core/matrix';

/** Typed arrays a detector keeps; stored verbatim in the binary payload of a model file. */
export type DetectorArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/** Everything needed to rebuild a fitted detector: JSON-able settings plus typed-array state. */
export interface DetectorState {
  readonly params: Record<string, unknown>;
  readonly arrays: Record<string, DetectorArray>;
}

export interface FitProgress {
  readonly phase: string;
  readonly fraction: number; // 0..1
  readonly epoch?: number;
  readonly loss?: number;
}

export interface EarlyStoppingOptions {
  /** Share of the training rows held out to decide when to stop, in [0, 0.5]; 0 validates on the training rows. */
  readonly validationSplit: number;
  /** Epochs in a row without improvement before stopping. */
  readonly patience: number;
  /** Least decrease of the validation loss that counts as an improvement. */
  readonly minDelta: number;
}

export const DEFAULT_EARLY_STOPPING: EarlyStoppingOptions = {
  validationSplit: 0.1,
  patience: 10,
  minDelta: 1e-4,
};

export interface FitContext {
  /** Share of training rows expected to be anomalous (0, 0.5]. */
  readonly contamination: number;
  /** Detector-specific parameters, already validated by the factory's `params` schema. */
  readonly params: Record<string, unknown>;
  /** Training length for iterative detectors (the request's top-level `epochs`, `batch_size`). */
  readonly epochs: number;
  readonly batchSize: number;
  /**
   * Early stopping of iterative detectors (the request's `validation_split`, `patience`, `min_delta`);
   * absent: LlamaFarm's defaults 0.1, 10, 1e-4.
   */
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly onProgress?: (progress: FitProgress) => void;
}

/** A detector's own account of which features made each row score high (see Detector.explainFeatures). */
export interface FeatureContributions {
  /** rows × cols, row-major: feature j's contribution to row i; higher = more anomalous. */
  readonly values: Float64Array;
  /** What the values are, named for the explain response (e.g. 'tail_probability_terms'). */
  readonly method: string;
}

/** A fitted detector. Input rows are already robust-scaled by the pipeline. */
export interface Detector {
  /** Raw anomaly score per row: higher = more anomalous; a row's score never depends on other rows. */
  scoreRaw(x: Matrix): Float64Array;
  /**
   * The opt-in exact explanation: per row and feature, a term of the raw score (a sum of per-feature
   * terms) or a statistic of the detector's own internals. Detectors without it are explained by
   * the model-agnostic median replacement of explain/medianReplacement.ts.
   */
  explainFeatures?(x: Matrix): FeatureContributions;
  state(): DetectorState;
  /** Human-readable facts about the fit for the fit response (e.g. solver mode). */
  readonly fitInfo?: Record<string, unknown>;
  /**
   * In-sample raw scores of the training rows, for detectors whose fit-time definition differs from
   * scoring a new row (kNN excludes the row itself, as PyOD's decision_scores_); the pipeline's
   * normalization statistics use these when present, else scoreRaw(training rows).
   */
  readonly trainingScores?: Float64Array;
}

/** The training pipeline's parameter every backend offers (training/rangeGuard.ts). */
export const RANGE_GUARD_PARAM = 'range_guard';

/** LlamaFarm's backend categories, in the order `GET backends` sorts by. */
export const BACKEND_CATEGORIES = [
  'legacy',
  'fast',
  'distance',
  'clustering',
  'ensemble',
  'streaming',
  'deep_learning',
] as const;
export type BackendCategory = (typeof BACKEND_CATEGORIES)[number];

/**
 * What `GET /v1/anomaly/backends` says about a detector, in LlamaFarm's vocabularies (see
 * anomaly/backendListing.ts for the wire shape). `speed` also decides where fits and scores run
 * (training/placement.ts: `very_fast` and `fast` may run on the event loop).
 */
export interface BackendInfo {
  /** The id a client sends as `backend` (e.g. `isolation_forest`). */
  readonly backend: string;
  /** Human-readable name (LlamaFarm's: `Isolation Forest`). */
  readonly name: string;
  readonly description: string;
  readonly category: BackendCategory;
  readonly speed: 'very_fast' | 'fast' | 'medium' | 'slow';
  readonly memory: 'low' | 'medium' | 'high';
  readonly best_for: string;
  /** True for LlamaFarm's four pre-PyOD names (isolation_forest, one_class_svm, local_outlier_factor, autoencoder). */
  readonly is_legacy: boolean;
  /**
   * The detector's own `params` (and top-level fields only it reads), name → meaning and default.
   * The registry adds `contamination` and `range_guard`, which every backend takes.
   */
  readonly parameters: Record<string, string>;
}

/** One detector family: validates its params, fits, and restores from a saved state. */
export interface DetectorFactory {
  readonly info: BackendInfo;
  readonly params: z.ZodType<Record<string, unknown>>;
  fit(x: Matrix, context: FitContext): Detector | Promise<Detector>;
  restore(state: DetectorState): Detector;
}
