import { parentPort, workerData } from 'node:worker_threads';
import { detectorFactory } from '../detectors/registry';
import { train } from './pipeline';
import { jobContext, type FitJob, type WorkerMessage } from './fitRunner';
import { trainedState } from './trainedState';

/** Runs one fit off the main thread and posts the fitted state back (typed arrays, no objects). */
async function main(): Promise<void> {
  const job = workerData as FitJob;
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
  try {
    const factory = detectorFactory(job.backend);
    if (!factory) throw new Error(`unknown backend ${job.backend}`);
    const trained = await train(factory, job.x, {
      ...jobContext(job),
      onProgress: (progress) => post({ kind: 'progress', progress }),
    });
    post({ kind: 'done', ...trainedState(trained) });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

void main();
