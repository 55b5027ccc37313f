import type { Matrix } from '../core/matrix';
import type { ScoreStats, Thresholds } from '../core/normalization';
import type { RobustScaler } from '../core/robustScaler';
import type { DetectorState } from '../detectors/detector';
import { detectorFactory } from '../detectors/registry';
import type { FitJob } from './fitRunner';
import { rawScores, train, type Trained } from './pipeline';
import type { RangeGuard } from './rangeGuard';

/** A trained model as plain data (typed arrays, no objects): what crosses a thread boundary. */
export interface TrainedState {
  readonly scaler: RobustScaler;
  readonly detectorState: DetectorState;
  readonly fitInfo: Record<string, unknown>;
  readonly stats: ScoreStats;
  readonly thresholds: Thresholds;
  readonly rangeGuard: RangeGuard | null;
}

/** Trains a model for `job` wherever it is called; answers it as data. */
export type Trainer = (job: FitJob) => Promise<Trained>;

/** Rows to score with a trained model given as data (so any thread can score them). */
export interface ScoreJob {
  readonly backend: string;
  readonly state: TrainedState;
  readonly x: Matrix;
}

/** Raw scores of `job.x` wherever it is called. */
export type StateScorer = (job: ScoreJob) => Promise<Float64Array>;

function factoryOf(backend: string) {
  const factory = detectorFactory(backend);
  if (!factory) throw new Error(`unknown backend ${backend}`);
  return factory;
}

export function trainedState(trained: Trained): TrainedState {
  return {
    scaler: trained.scaler,
    detectorState: trained.detector.state(),
    fitInfo: trained.fitInfo,
    stats: trained.stats,
    thresholds: trained.thresholds,
    rangeGuard: trained.rangeGuard,
  };
}

/** Trains on the calling thread (tests, and apps built without worker pools). */
export const inlineTrainer: Trainer = (job) =>
  train(factoryOf(job.backend), job.x, {
    contamination: job.contamination,
    params: job.params,
    epochs: job.epochs,
    batchSize: job.batchSize,
  });

export async function trainToState(job: FitJob): Promise<TrainedState> {
  return trainedState(await inlineTrainer(job));
}

export function restoreTrained(backend: string, state: TrainedState): Trained {
  const { detectorState, ...rest } = state;
  return { ...rest, detector: factoryOf(backend).restore(detectorState) };
}

export function scoreState(job: ScoreJob): Float64Array {
  return rawScores(restoreTrained(job.backend, job.state), job.x);
}

/** Scores on the calling thread. */
export const inlineScorer: StateScorer = (job) => Promise.resolve(scoreState(job));
