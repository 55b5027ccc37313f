/**
 * The streaming detection API on the wire (`/v1/anomaly/stream*`, `/v1/ml/anomaly/stream*`), with
 * LlamaFarm's field names. Types only.
 */
import type { WithWarnings } from './anomaly';

/** collecting: cold start (no scores yet); ready: scoring; retraining: scoring while a new model trains. */
export type StreamStatus = 'collecting' | 'ready' | 'retraining';

export interface StreamResultItem {
  /** Position of the point in the request's batch (0 for a single point). */
  index: number;
  /** null during cold start. */
  score: number | null;
  is_anomaly: boolean | null;
  raw_score: number | null;
  samples_until_ready: number;
}

export interface StreamResponse extends WithWarnings {
  object: 'streaming_result';
  model: string;
  status: StreamStatus;
  results: StreamResultItem[];
  model_version: number;
  samples_collected: number;
  samples_until_ready: number;
  threshold: number;
}

export interface StreamDetectorStats {
  model_id: string;
  backend: string;
  status: StreamStatus;
  model_version: number;
  /** Points in the sliding window (at most window_size). */
  samples_collected: number;
  total_processed: number;
  /** Points the current model has not been trained on. */
  samples_since_retrain: number;
  min_samples: number;
  retrain_interval: number;
  window_size: number;
  threshold: number;
  is_ready: boolean;
  // Ours, beyond LlamaFarm's:
  /** 'tabular' (refitted on the window) or 'causal' (learns point by point, rebuilt on the window). */
  kind: 'tabular' | 'causal';
  contamination: number;
  /** Input fields, then derived rolling/lag features, in model order; null before the first point. */
  features: string[] | null;
  anomalies_detected: number;
  /** ISO-8601 time of the current model's training; null before the first. */
  last_trained_at: string | null;
  /** Why the last training failed, if it did (the stream keeps its previous state and retries). */
  last_error: string | null;
}

export interface StreamDetectorInfo extends StreamDetectorStats {
  object: 'streaming_detector';
}

export interface StreamDetectorList {
  object: 'list';
  data: StreamDetectorStats[];
  total: number;
}

export interface StreamDeleteResult {
  object: 'delete_result';
  model: string;
  deleted: true;
}

export interface StreamResetResult {
  object: 'reset_result';
  model: string;
  status: StreamStatus;
  reset: true;
}
