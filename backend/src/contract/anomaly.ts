/**
 * The anomaly API's responses on the wire (`/v1/anomaly/*`, `/v1/ml/anomaly/*`). Types only: the
 * backend's service, the plugin's client and the test harness all read them from here.
 */

/** Present when the request carried something the client should know about (unknown fields, …). */
export interface WithWarnings {
  warnings?: string[];
}

/** A field-located validation issue, as FastAPI writes them in a 422 `detail`. */
export interface FieldIssueWire {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Every error body. */
export interface ErrorBody {
  detail: string | FieldIssueWire[];
}

export interface FitResult extends WithWarnings {
  object: 'fit_result';
  model: string;
  backend: string;
  samples_fitted: number;
  training_time_ms: number;
  model_params: {
    backend: string;
    contamination: number;
    threshold: number;
    input_dim: number;
    scaler_type: 'robust' | 'standard';
    [fitInfo: string]: unknown;
  };
  encoder: { schema: Record<string, string>; features: string[] } | null;
  /** The model file, relative to the service's data directory (`models/anomaly/x_isolation_forest.alm`). */
  saved_path: string;
  status: 'fitted';
  /** Versioned fits (`/v1/ml/anomaly/fit`) only. */
  base_name?: string;
  versioned_name?: string;
  overwrite?: boolean;
}

export type FitJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface FitJob extends WithWarnings {
  object: 'fit_job';
  id: string;
  model: string;
  backend: string;
  status: FitJobStatus;
  progress: {
    phase: string;
    /** 0..1 */
    fraction: number;
    epoch?: number;
    loss?: number;
    eta_seconds: number | null;
  } | null;
  created: string;
  started: string | null;
  finished: string | null;
  result: FitResult | null;
  /** Why a job failed: the error's code (`invalid_input`, `not_found`, …, or `internal`) and detail. */
  error: { code: string; detail: string | FieldIssueWire[] } | null;
  /** Only in the 202 answer to an async fit. */
  status_url?: string;
}

export interface ScoredRow {
  index: number;
  score: number;
  is_anomaly: boolean;
  raw_score: number;
  /** With `explain: true`: on every anomalous row (score) or every returned row (detect). */
  explanation?: RowExplanation;
}

/** One feature's part in a row's anomaly (POST explain, or `explain: true` on score/detect). */
export interface FeatureContribution {
  /** The schema key, or `feature_{j}` for rows sent as numeric arrays. */
  feature: string;
  /** The row's value as sent (null when missing). */
  value: unknown;
  /** In the units of the row's `method`; higher = more anomalous. */
  contribution: number;
  /** contribution / the sum of the row's positive contributions. */
  share: number;
  /** Categorical features: whether the value occurred in training (null: the model cannot tell). */
  seen_in_training?: boolean | null;
  /**
   * Numeric features past the training range: how far, in IQRs. Detectors saturate there, so such
   * features rank first (farthest out first) whatever their contribution.
   */
  iqrs_beyond_training_range?: number;
  /** This feature in the row's own units: "bytes 500000 is 488× the training median (1024)". */
  reason: string;
}

export interface RowExplanation {
  /**
   * How contributions were obtained: the detector's exact account (`tail_probability_terms` for
   * ECOD/COPOD, `histogram_log_density_terms` for HBOS, `isolation_path_bits` for Isolation Forest,
   * `reconstruction_error_terms` for the autoencoder) or `median_replacement` (model-agnostic).
   */
  method: string;
  exact: boolean;
  /**
   * Features with a positive contribution or a value beyond the training range, at most `top_k`:
   * those beyond the range first (farthest out first), then by contribution, largest first.
   */
  features: FeatureContribution[];
  /** One line: the leading features' reasons, then any value never seen in training, joined by '; '. */
  reason: string;
}

export interface ExplainedRow extends Omit<ScoredRow, 'explanation'> {
  /** null for rows left unexplained (not anomalous, and `all_rows` not set). */
  explanation: RowExplanation | null;
}

export interface ExplainResult extends WithWarnings {
  object: 'list';
  data: ExplainedRow[];
  total_count: number;
  model: string;
  backend: string;
  summary: {
    total_points: number;
    anomaly_count: number;
    explained_count: number;
    threshold: number;
  };
}

export interface ScoreResult extends WithWarnings {
  object: 'list';
  data: ScoredRow[];
  total_count: number;
  model: string;
  backend: string;
  summary: { total_points: number; anomaly_count: number; anomaly_rate: number; threshold: number };
}

export interface DetectResult extends WithWarnings {
  object: 'list';
  data: Omit<ScoredRow, 'is_anomaly'>[];
  total_count: number;
  model: string;
  backend: string;
  summary: { anomalies_detected: number; threshold: number };
}

export interface SaveResult extends WithWarnings {
  object: 'save_result';
  model: string;
  backend: string;
  filename: string;
  /** The model file, relative to the service's data directory. */
  path: string;
  /**
   * Where the fitted encoder is stored, relative to the data directory: the model file itself
   * (format version 2 keeps the encoder inside it); null for a model fitted on numeric rows.
   */
  encoder_path: string | null;
  status: 'saved';
}

export interface LoadResult extends WithWarnings {
  object: 'load_result';
  model: string;
  backend: string;
  normalization: string;
  filename: string;
  is_fitted: true;
  threshold: number;
  encoder_loaded: boolean;
  /** The encoding schema the model was fitted with (LlamaFarm's shape); null for numeric rows. */
  encoder_schema: { features: Record<string, string> } | null;
  /** Ours: the scaler the model was fitted with. */
  scaler_type: 'robust' | 'standard';
  status: 'loaded';
}

export interface StoredModelInfo {
  filename: string;
  /** The model file, relative to the service's data directory. */
  path: string;
  size_bytes: number;
  /** Seconds since the epoch. */
  modified: number;
  backend: string;
  name: string;
  base_name: string;
  is_versioned: boolean;
  created: string;
  description: string | null;
}

/** A model file that failed its integrity check: listed so it can be deleted or restored, never scored. */
export interface DamagedModelInfo {
  filename: string;
  size_bytes: number;
  /** Seconds since the epoch. */
  modified: number;
  /** The file and the problem, e.g. "model file 'x.alm' failed its integrity check (checksum mismatch); …". */
  error: string;
}

export interface ModelList extends WithWarnings {
  object: 'list';
  /**
   * Readable models newest first, then damaged files and LlamaFarm's own model files (.joblib, .pkl,
   * .pt), both recognisable by their `error` field.
   */
  data: (StoredModelInfo | DamagedModelInfo)[];
  /** The models folder, relative to the service's data directory (`models/anomaly`). */
  models_dir: string;
  total: number;
}

export interface DeleteResult {
  object: 'delete_result';
  filename: string;
  deleted: true;
}

/** One detector in `GET backends`: LlamaFarm's fields and vocabularies, then ours. */
export interface BackendInfoWire {
  /** The id to send as `backend`. */
  backend: string;
  /** Human-readable name. */
  name: string;
  description: string;
  category: 'legacy' | 'fast' | 'distance' | 'clustering' | 'ensemble' | 'streaming' | 'deep_learning';
  speed: 'very_fast' | 'fast' | 'medium' | 'slow';
  memory: 'low' | 'medium' | 'high';
  /** The names a client can set for this backend (top-level fields and `params` keys). */
  parameters: string[];
  best_for: string;
  is_legacy: boolean;
  /** Ours: each parameter's meaning and default. */
  parameter_details: Record<string, string>;
}

export interface BackendList {
  object: 'list';
  /** Sorted by category (in `categories` order), then by `backend`. */
  data: BackendInfoWire[];
  total: number;
  /** The categories present, in LlamaFarm's order. */
  categories: BackendInfoWire['category'][];
}

export interface Health {
  status: 'healthy';
  version: string;
  uptime_seconds: number;
  models: {
    /** Models held in the in-memory cache. */
    in_memory: number;
    on_disk: number;
    /** Bytes the cached models take (their file sizes), never above cache_limit_bytes. */
    cache_bytes: number;
    /** `LF_MODEL_CACHE_MB` in bytes. */
    cache_limit_bytes: number;
    /** Models dropped from memory since start (they reload from disk on next use). */
    evictions: number;
  };
  /** The worker pools (absent when the service runs in-process without workers). */
  workers?: Record<string, { threads: number; queued: number; utilization: number }>;
}
