import type { Matrix } from '../src/core/matrix';
import { applyRobustScaler, fitRobustScaler } from '../src/core/robustScaler';
import type { Detector, FitContext } from '../src/detectors/detector';
import { detectorFactory } from '../src/detectors/registry';
import { bestMs, seconds } from './timing';
import { gaussianMatrix } from './gaussian';

export interface ExtraBenchRow {
  readonly backend: string;
  readonly rows: number;
  readonly cols: number;
  /** Detector fit on robust-scaled rows, including the in-sample training scores it computes. */
  readonly fitMs: number | null;
  /** Scoring as many new rows as were fitted. */
  readonly scoreMs: number | null;
  readonly note?: string;
}

/** Brute-force kNN (above 15 features) at 100k rows is n² distance work: minutes, not a bench. */
const SKIP: Record<string, string> = {
  'knn 100000x16':
    'skipped: brute force (KD-tree only up to 15 features), ~10^10 distances: over a minute each',
};

/** Autoencoder epochs timed per size: its fit time is this many epochs, early stopping off in effect. */
const AE_EPOCHS = 3;

/**
 * Fit and score times of the PyOD-family backends and the autoencoder at 10k and 100k rows, d = 4 and
 * 16 (best of `repeats`; the autoencoder and 100k kNN once). Prints a table and returns the rows.
 */
export async function benchExtraDetectors(repeats = 3): Promise<ExtraBenchRow[]> {
  const results: ExtraBenchRow[] = [];
  console.log(
    `\n## ECOD, COPOD, HBOS, kNN, autoencoder: fit and score (best of ${repeats}; autoencoder ${AE_EPOCHS} epochs)`,
  );
  console.log('backend       rows    d   fit         score       note');
  for (const rows of [10_000, 100_000]) {
    for (const cols of [4, 16]) {
      const train = gaussianMatrix(rows, cols, 1);
      const scaler = fitRobustScaler(train);
      const x = applyRobustScaler(scaler, train);
      const test = applyRobustScaler(scaler, gaussianMatrix(rows, cols, 2));
      for (const backend of ['ecod', 'copod', 'hbos', 'knn', 'autoencoder']) {
        const skip = SKIP[`${backend} ${rows}x${cols}`];
        const row = skip
          ? { backend, rows, cols, fitMs: null, scoreMs: null, note: skip }
          : await timeBackend(
              backend,
              x,
              test,
              backend === 'autoencoder' || (backend === 'knn' && rows > 10_000) ? 1 : repeats,
            );
        results.push(row);
        const fmt = (ms: number | null): string => (ms === null ? '-' : seconds(ms)).padEnd(11);
        console.log(
          `${backend.padEnd(12)} ${String(rows).padStart(6)} ${String(cols).padStart(3)}   ${fmt(row.fitMs)} ${fmt(row.scoreMs)} ${row.note ?? ''}`,
        );
      }
    }
  }
  return results;
}

async function timeBackend(
  backend: string,
  x: Matrix,
  test: Matrix,
  repeats: number,
): Promise<ExtraBenchRow> {
  const factory = detectorFactory(backend)!;
  const context: FitContext = { contamination: 0.1, params: {}, epochs: AE_EPOCHS, batchSize: 32 };
  let detector: Detector | undefined;
  const fitMs = await bestMs(repeats, async () => {
    detector = await factory.fit(x, context);
  });
  const scoreMs = await bestMs(repeats, () => detector!.scoreRaw(test));
  const note =
    backend === 'autoencoder'
      ? `${seconds(fitMs / AE_EPOCHS)} per epoch (incl. set-up), tf backend ${String(detector!.fitInfo?.tf_backend)}`
      : backend === 'knn'
        ? String(detector!.fitInfo?.neighbor_search)
        : undefined;
  return { backend, rows: x.rows, cols: x.cols, fitMs, scoreMs, note };
}
