import type { ScalerType } from '../core/featureScaler';
import type { Normalization, ScoreStats, Thresholds } from '../core/normalization';
import type { RobustScaler } from '../core/robustScaler';
import type { Detector } from '../detectors/detector';
import type { FeatureEncoderState } from '../encoding/featureEncoder';
import type { RangeGuard } from '../training/rangeGuard';

export interface ModelMeta {
  /** The model's full name (for versioned fits, `{base}_{YYYYMMDD_HHMMSS}`). */
  readonly name: string;
  readonly baseName: string;
  readonly isVersioned: boolean;
  readonly description: string | null;
  readonly backend: string;
  readonly contamination: number;
  readonly inputDim: number;
  /** Normalization chosen at fit time: the default when a score request names none. */
  readonly normalization: Normalization;
  readonly samplesFitted: number;
  /** The scaler fitted before the detector; absent in files saved before `scaler_type` (robust). */
  readonly scalerType?: ScalerType;
  readonly createdAt: string; // ISO-8601 UTC, millisecond precision
  readonly fitInfo: Record<string, unknown>;
}

/** A fitted model: encoder → scaler (robust or standard) → detector → score statistics and learned thresholds. */
export interface FittedModel {
  readonly meta: ModelMeta;
  readonly encoder: FeatureEncoderState | null;
  readonly scaler: RobustScaler;
  readonly detector: Detector;
  readonly stats: ScoreStats;
  readonly thresholds: Thresholds;
  /** null: scores are the plain detector's (`params.range_guard: false`, or a file saved before it). */
  readonly rangeGuard: RangeGuard | null;
}
