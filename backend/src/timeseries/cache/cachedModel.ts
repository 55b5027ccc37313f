import type { FeatureSpec, DetectorConfig, TimeWindow } from '../schemas';
import type { TabularModel } from '../units/tabularModel';

/** A fitted model of one unit, reused while its training data (the fingerprint) is unchanged. */
export type CachedModel =
  | {
      readonly kind: 'tabular';
      readonly fingerprint: string;
      readonly model: TabularModel;
      readonly fittedAt: string;
      readonly trainingPoints: number;
      savedAs?: string;
    }
  | {
      readonly kind: 'streaming';
      readonly fingerprint: string;
      /** The training points, replayed to warm up a fresh detector when new points are scored. */
      readonly trainT: Float64Array;
      readonly trainV: Float64Array;
      readonly learnedThreshold: number;
      readonly fittedAt: string;
      readonly trainingPoints: number;
    };

/** What a model key stands for: enough to score new points with the same settings. */
export interface CachedRequest {
  readonly source: string;
  readonly mode: 'per_series' | 'multivariate';
  readonly features: FeatureSpec;
  readonly detector: DetectorConfig;
  readonly training: TimeWindow;
  readonly kind: 'tabular' | 'streaming';
  /** Member series ids in fit order (multivariate models need the same columns). */
  readonly memberIds: readonly string[];
}

export const unitCacheKey = (modelKey: string, unitId: string): string => `${modelKey}\u0000${unitId}`;
