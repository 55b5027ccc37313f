import { explainIndices } from '../src/anomaly/explanations';
import { normalize } from '../src/core/normalization';
import { Rng } from '../src/core/rng';
import { BACKEND_NAMES, detectorFactory } from '../src/detectors/registry';
import { rawScores, train } from '../src/training/pipeline';
import { gaussianMatrix } from './gaussian';
import { bestMs, seconds } from './timing';

const ROWS = 10_000;
const COLS = 16;
/** Share of the batch pushed far out on one feature, on top of what the detector flags anyway. */
const PERTURBED = 0.1;
const AE_EPOCHS = 3;

/**
 * Explanations of every flagged row of a 10k × 16 batch, per backend: the time to score the batch and
 * the time to explain its flagged rows (best of `repeats`), as a worker thread spends them.
 */
export async function benchExplain(repeats = 3): Promise<void> {
  console.log(
    `\n## Explanations: every flagged row of a ${ROWS} × ${COLS} batch (${PERTURBED * 100}% perturbed; fitted on ${ROWS} rows, contamination 0.05; best of ${repeats})`,
  );
  console.log('backend               flagged  score 10k   explain     per row   method');
  const training = gaussianMatrix(ROWS, COLS, 1);
  const batch = gaussianMatrix(ROWS, COLS, 2);
  const rng = new Rng(3);
  for (let i = 0; i < ROWS * PERTURBED; i++) {
    batch.data[i * COLS + rng.nextInt(COLS)] = (rng.nextFloat() < 0.5 ? -1 : 1) * (6 + 4 * rng.nextFloat());
  }
  for (const backend of BACKEND_NAMES) {
    const factory = detectorFactory(backend)!;
    const trained = await train(factory, training, {
      contamination: 0.05,
      params: factory.params.parse({}),
      epochs: AE_EPOCHS,
      batchSize: 32,
    });
    const model = { ...trained, encoder: null };
    let flagged: number[] = [];
    const scoreMs = await bestMs(repeats, () => {
      const scores = normalize(rawScores(model, batch), 'standardization', trained.stats);
      flagged = [];
      for (let i = 0; i < ROWS; i++) if (scores[i] > trained.thresholds.standardization) flagged.push(i);
    });
    let method = '';
    const explainMs = await bestMs(repeats, () => {
      method = explainIndices(model, batch, [], flagged, 5)[0]?.method ?? '-';
    });
    const perRow = flagged.length > 0 ? `${((1000 * explainMs) / flagged.length).toFixed(0)} µs` : '-';
    console.log(
      `${backend.padEnd(21)} ${String(flagged.length).padStart(7)}  ${seconds(scoreMs).padEnd(10)} ${seconds(explainMs).padEnd(11)} ${perRow.padStart(7)}   ${method}`,
    );
  }
}
