import type { Matrix } from '../core/matrix';
import { learnedThresholds, scoreStats, type ScoreStats, type Thresholds } from '../core/normalization';
import { applyRobustScaler, fitRobustScaler, type RobustScaler } from '../core/robustScaler';
import type { Detector, DetectorFactory, FitContext } from '../detectors/detector';

export type TrainOptions = FitContext;

export interface Trained {
  readonly scaler: RobustScaler;
  readonly detector: Detector;
  readonly stats: ScoreStats;
  readonly thresholds: Thresholds;
  readonly fitInfo: Record<string, unknown>;
}

/** Scale, fit, then score the training rows once for the normalization statistics. */
export async function train(factory: DetectorFactory, x: Matrix, options: TrainOptions): Promise<Trained> {
  const scaler = fitRobustScaler(x);
  const scaled = applyRobustScaler(scaler, x);
  const detector = await factory.fit(scaled, options);
  const trainRaw = detector.trainingScores ?? detector.scoreRaw(scaled);
  const stats = scoreStats(trainRaw);
  const thresholds = learnedThresholds(trainRaw, stats, options.contamination);
  return { scaler, detector, stats, thresholds, fitInfo: detector.fitInfo ?? {} };
}

export function rawScores(model: { scaler: RobustScaler; detector: Detector }, x: Matrix): Float64Array {
  return model.detector.scoreRaw(applyRobustScaler(model.scaler, x));
}
