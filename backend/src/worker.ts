/**
 * The entry of every compute worker thread (piscina): builds its own services from the
 * configuration it was started with, then runs tasks — parsing large bodies, scoring, the
 * time-series API — and answers plain data (JSON as UTF-8 bytes, handed over without a copy,
 * matrices, or a domain error as data).
 */
import { workerData } from 'node:worker_threads';
import { prepareFitBody, scoreBody, type PreparedFitBody } from './anomaly/offload';
import { AnomalyService } from './anomaly/service';
import { handOver, transferableOf } from './compute/pool';
import { DomainError, domainErrorData } from './core/errors';
import { jsonBytes, parseJsonBytes } from './core/jsonText';
import { createLogger } from './logger';
import { ModelStore } from './models/modelStore';
import { handleTimeseries } from './timeseries/offload';
import type { WorkerConfig, WorkerTask } from './workerTasks';
import { TimeseriesService } from './timeseries/service';
import { FitRunner } from './training/fitRunner';
import { scoreState, trainToState, type TrainedState } from './training/trainedState';

const config = workerData as WorkerConfig;
const log = createLogger(config.logLevel).child({ thread: 'worker' });
// The store is read here (models are written by the main thread before a fit answers), so no init.
const store = new ModelStore(config.dataDir);
const runner = new FitRunner(config.fitConcurrency);
let anomaly: AnomalyService | undefined;
let timeseries: TimeseriesService | undefined;

function anomalyService(): AnomalyService {
  anomaly ??= new AnomalyService(store, runner, log, {
    dataDir: config.dataDir,
    cacheLimitBytes: config.modelCacheBytes,
    limits: { maxFitCells: config.maxFitCells, maxScoreCells: config.maxScoreCells },
    revalidateModels: true,
  });
  return anomaly;
}

function timeseriesService(): TimeseriesService {
  timeseries ??= new TimeseriesService({
    runner,
    store,
    log,
    prometheusUrls: config.prometheusUrls,
    prometheusMaxResponseBytes: config.prometheusMaxResponseBytes,
    maxPoints: config.maxSeriesPoints,
  });
  return timeseries;
}

async function run(task: WorkerTask): Promise<Uint8Array | PreparedFitBody | TrainedState | Float64Array> {
  switch (task.kind) {
    case 'anomaly.score':
      return jsonBytes(await scoreBody(anomalyService(), parseJsonBytes(task.body), task.route));
    case 'anomaly.prepareFit':
      return prepareFitBody(parseJsonBytes(task.body), config.maxFitCells);
    case 'timeseries':
      return jsonBytes(
        await handleTimeseries(timeseriesService(), task.route, parseJsonBytes(task.body), task.ctx),
      );
    case 'stream.train':
      return trainToState(task.job);
    case 'stream.score':
      return scoreState(task.job);
  }
}

async function handle(task: WorkerTask): Promise<unknown> {
  try {
    const value = await run(task);
    // JSON answers are fresh bytes nothing here keeps: handed over; other results are copied.
    return handOver({ ok: true, value }, value instanceof Uint8Array ? transferableOf(value) : []);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: domainErrorData(error) };
    throw error;
  }
}

export = handle;
