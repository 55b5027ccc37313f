import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Matrix } from '../core/matrix';
import type { ScoreStats, Thresholds } from '../core/normalization';
import type { RobustScaler } from '../core/robustScaler';
import type { ScalerType } from '../core/featureScaler';
import type { DetectorState, EarlyStoppingOptions, FitProgress } from '../detectors/detector';
import { detectorFactory } from '../detectors/registry';
import { train, type Trained, type TrainOptions } from './pipeline';
import type { RangeGuard } from './rangeGuard';
import { fitsInline } from './placement';

export interface FitJob {
  readonly backend: string;
  readonly x: Matrix;
  readonly contamination: number;
  readonly params: Record<string, unknown>;
  readonly epochs: number;
  readonly batchSize: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly scalerType?: ScalerType;
  /** A background job (async fit): never trained on the request's thread. */
  readonly background?: boolean;
}

export type WorkerMessage =
  | { kind: 'progress'; progress: FitProgress }
  | {
      kind: 'done';
      scaler: RobustScaler;
      detectorState: DetectorState;
      fitInfo: Record<string, unknown>;
      stats: ScoreStats;
      thresholds: Thresholds;
      rangeGuard: RangeGuard | null;
    }
  | { kind: 'error'; message: string };

/** The compiled worker; absent when running from TypeScript sources (unit tests), where fits run inline. */
const WORKER_FILE = path.join(__dirname, 'fitWorker.js');

/**
 * Runs fits off the event loop, one worker thread per fit, at most `concurrency` at once, so a large
 * fit never stalls scoring of other models.
 */
export class FitRunner {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  /** `onStart` is called when the fit leaves the queue and begins. */
  async fit(
    job: FitJob,
    onProgress?: (progress: FitProgress) => void,
    onStart?: () => void,
  ): Promise<Trained> {
    const factory = detectorFactory(job.backend);
    if (!factory) throw new Error(`unknown backend ${job.backend}`);
    if (fitsInline(factory, job.x.rows, job.x.cols, job.background) || !existsSync(WORKER_FILE)) {
      onStart?.();
      return train(factory, job.x, { ...jobContext(job), onProgress });
    }
    await this.acquire();
    try {
      onStart?.();
      const message = await this.inWorker(job, onProgress);
      return {
        scaler: message.scaler,
        detector: factory.restore(message.detectorState),
        stats: message.stats,
        thresholds: message.thresholds,
        fitInfo: message.fitInfo,
        rangeGuard: message.rangeGuard,
      };
    } finally {
      this.release();
    }
  }

  private inWorker(
    job: FitJob,
    onProgress?: (progress: FitProgress) => void,
  ): Promise<Extract<WorkerMessage, { kind: 'done' }>> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: job });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'progress') onProgress?.(message.progress);
        else if (message.kind === 'done') {
          settled = true;
          resolve(message);
        } else {
          settled = true;
          reject(new Error(message.message));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`fit worker exited with code ${code}`));
      });
    });
  }

  private async acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

export function jobContext(job: FitJob): TrainOptions {
  return {
    contamination: job.contamination,
    params: job.params,
    epochs: job.epochs,
    batchSize: job.batchSize,
    earlyStopping: job.earlyStopping,
    scalerType: job.scalerType,
  };
}
