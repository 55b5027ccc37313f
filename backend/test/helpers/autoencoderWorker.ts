import { parentPort, workerData } from 'node:worker_threads';
import type { Matrix } from '../../src/core/matrix';
import { autoencoderFactory } from '../../src/detectors/autoencoder/autoencoder';

/** Worker-thread entry for the autoencoder tests: fits on workerData and posts scores and fit facts. */
async function main(): Promise<void> {
  const { train, probe } = workerData as { train: Matrix; probe: Matrix };
  const detector = await autoencoderFactory.fit(train, {
    contamination: 0.1,
    params: {},
    epochs: 8,
    batchSize: 32,
  });
  parentPort!.postMessage({ scores: detector.scoreRaw(probe), fitInfo: detector.fitInfo });
}

void main();
