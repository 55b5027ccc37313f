import type { Matrix } from '../core/matrix';
import { learnedThresholds, scoreStats, type ScoreStats, type Thresholds } from '../core/normalization';
import { DEFAULT_SCALER_TYPE, fitScaler, type ScalerType } from '../core/featureScaler';
import { applyRobustScaler, type RobustScaler } from '../core/robustScaler';
import type { Detector, DetectorFactory, FitContext } from '../detectors/detector';
import { applyRangeGuard, fitRangeGuard, RANGE_GUARD_PARAM, type RangeGuard } from './rangeGuard';

export interface TrainOptions extends FitContext {
  /** How features are scaled before the detector sees them (default robust). */
  readonly scalerType?: ScalerType;
}

export interface Trained {
  readonly scaler: RobustScaler;
  readonly detector: Detector;
  readonly stats: ScoreStats;
  readonly thresholds: Thresholds;
  readonly fitInfo: Record<string, unknown>;
  /** Out-of-range rows' least score (see rangeGuard.ts); null when `params.range_guard` is false. */
  readonly rangeGuard: RangeGuard | null;
}

/**
 * Scale, fit, then score the training rows once for the normalization statistics. `params.range_guard`
 * (default true) belongs to the pipeline, not the detector: it is taken out before the detector fits.
 */
export async function train(factory: DetectorFactory, x: Matrix, options: TrainOptions): Promise<Trained> {
  const { [RANGE_GUARD_PARAM]: guarded = true, ...params } = options.params;
  const scaler = fitScaler(options.scalerType ?? DEFAULT_SCALER_TYPE, x);
  const scaled = applyRobustScaler(scaler, x);
  const { scalerType: _scalerType, ...context } = options;
  const detector = await factory.fit(scaled, { ...context, params });
  const trainRaw = detector.trainingScores ?? detector.scoreRaw(scaled);
  const stats = scoreStats(trainRaw);
  const thresholds = learnedThresholds(trainRaw, stats, options.contamination);
  const rangeGuard = guarded === false ? null : fitRangeGuard(scaled, trainRaw);
  return { scaler, detector, stats, thresholds, fitInfo: detector.fitInfo ?? {}, rangeGuard };
}

export function rawScores(
  model: { scaler: RobustScaler; detector: Detector; rangeGuard?: RangeGuard | null },
  x: Matrix,
): Float64Array {
  const scaled = applyRobustScaler(model.scaler, x);
  const raw = model.detector.scoreRaw(scaled);
  return model.rangeGuard ? applyRangeGuard(model.rangeGuard, scaled, raw) : raw;
}
