import path from 'node:path';
import type { AnomalyOffload, PreparedFitBody } from './anomaly/offload';
import { ComputePool, transferableOf } from './compute/pool';
import type { Config } from './config';
import type { TimeseriesGateway } from './timeseries/offload';
import { restoreTrained, type StateScorer, type Trainer, type TrainedState } from './training/trainedState';
import type { WorkerConfig, WorkerTask } from './workerTasks';

const WORKER_FILE = path.join(__dirname, 'worker.js');

/** The service's worker threads: a pool for anomaly work, one thread for the time-series API, one for stream retraining. */
export class WorkerPools {
  private readonly anomaly: ComputePool<WorkerTask>;
  /** One thread: the time-series API keeps its model cache in that thread's memory. */
  private readonly timeseries: ComputePool<WorkerTask>;
  /** One thread, started on first use: streams retrain here, so a retrain never queues ahead of scoring. */
  private streamTraining: ComputePool<WorkerTask> | undefined;
  private readonly startStreamTraining: () => ComputePool<WorkerTask>;

  constructor(config: Config) {
    const workerData: WorkerConfig = {
      dataDir: config.dataDir,
      // The main thread's cache and each worker's share the configured bound.
      modelCacheBytes: Math.floor(config.modelCacheBytes / (config.workers + 1)),
      logLevel: config.logLevel,
      fitConcurrency: config.fitConcurrency,
      maxFitCells: config.maxFitCells,
      maxScoreCells: config.maxScoreCells,
      maxSeriesPoints: config.maxSeriesPoints,
      prometheusUrls: config.prometheusUrls,
      prometheusMaxResponseBytes: config.prometheusMaxResponseBytes,
    };
    const common = { filename: WORKER_FILE, maxQueue: config.queueLimit, workerData };
    this.anomaly = new ComputePool({ ...common, name: 'scoring workers', threads: config.workers });
    this.timeseries = new ComputePool({ ...common, name: 'time-series worker', threads: 1 });
    this.startStreamTraining = () =>
      (this.streamTraining ??= new ComputePool({ ...common, name: 'stream training worker', threads: 1 }));
  }

  readonly anomalyOffload: AnomalyOffload = {
    score: (body, route) =>
      this.anomaly.run<Uint8Array>({ kind: 'anomaly.score', route, body }, transferableOf(body)),
    prepareFit: (body) =>
      this.anomaly.run<PreparedFitBody>({ kind: 'anomaly.prepareFit', body }, transferableOf(body)),
  };

  /** Streams retrain in their own thread: scoring never waits for a retrain. */
  readonly streamTrainer: Trainer = async (job) =>
    restoreTrained(
      job.backend,
      await this.startStreamTraining().run<TrainedState>({ kind: 'stream.train', job }, [
        job.x.data.buffer as ArrayBuffer,
      ]),
    );

  /**
   * Stream batches too heavy for the event loop are scored here, the model sent along as data (the
   * rows are copied, not handed over: they are scored inline should the pool be full).
   */
  readonly streamScorer: StateScorer = (job) => this.anomaly.run<Float64Array>({ kind: 'stream.score', job });

  readonly timeseriesGateway: TimeseriesGateway = {
    run: (route, body, ctx) =>
      this.timeseries.run<Uint8Array>({ kind: 'timeseries', route, body, ctx }, transferableOf(body)),
  };

  stats(): Record<string, { threads: number; queued: number; utilization: number }> {
    return {
      scoring: this.anomaly.stats,
      timeseries: this.timeseries.stats,
      ...(this.streamTraining ? { stream_training: this.streamTraining.stats } : {}),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.anomaly.close(), this.timeseries.close(), this.streamTraining?.close()]);
  }
}
