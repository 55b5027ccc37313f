import type { ScoreRoute } from './anomaly/offload';
import type { TimeseriesRoute } from './timeseries/offload';
import type { RequestContext } from './timeseries/service';
import type { FitJob } from './training/fitRunner';
import type { ScoreJob } from './training/trainedState';

/** The work the main thread hands a compute worker (worker.ts). */
export type WorkerTask =
  | { kind: 'anomaly.score'; route: ScoreRoute; body: Uint8Array }
  | { kind: 'anomaly.prepareFit'; body: Uint8Array }
  | { kind: 'timeseries'; route: TimeseriesRoute; body: Uint8Array; ctx: RequestContext }
  | { kind: 'stream.train'; job: FitJob }
  | { kind: 'stream.score'; job: ScoreJob };

/** What the composition root hands every worker at start. */
export interface WorkerConfig {
  readonly dataDir: string;
  /** This worker's own model cache bound (each scoring worker keeps its LRU), in bytes. */
  readonly modelCacheBytes: number;
  readonly logLevel: string;
  readonly fitConcurrency: number;
  readonly maxFitCells: number;
  readonly maxScoreCells: number;
  readonly maxSeriesPoints: number;
  readonly prometheusUrls: readonly string[];
  readonly prometheusMaxResponseBytes: number;
}
