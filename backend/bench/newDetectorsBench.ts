import { applyRobustScaler, fitRobustScaler } from '../src/core/robustScaler';
import type { Detector, FitContext } from '../src/detectors/detector';
import { detectorFactory } from '../src/detectors/registry';
import { gaussianMatrix } from './gaussian';
import { bestMs, hasSklearn, ratio, runReference, seconds } from './timing';

interface SklearnTimes {
  sklearn: string;
  fit_s: number;
  score_s: number;
}

/**
 * Issue 14's detectors (MCD, CBLOF, LODA, SUOD): fit on n standard-normal rows, score n new rows,
 * best of `repeats`; MCD beside scikit-learn's MinCovDet (fit, then mahalanobis) when it is installed.
 */
export async function benchNewDetectors(
  sizes: [number, number][] = [
    [10_000, 4],
    [10_000, 16],
    [100_000, 4],
    [100_000, 16],
  ],
  repeats = 3,
): Promise<void> {
  const reference = hasSklearn();
  console.log(`\n## MCD, CBLOF, LODA, SUOD: fit and score (best of ${repeats}; 100k rows once)`);
  console.log('backend       rows    d   fit         score       sklearn MinCovDet fit / score, ratio');
  for (const [rows, cols] of sizes) {
    const train = gaussianMatrix(rows, cols, 1);
    const scaler = fitRobustScaler(train);
    const x = applyRobustScaler(scaler, train);
    const test = applyRobustScaler(scaler, gaussianMatrix(rows, cols, 2));
    const runs = rows > 10_000 ? 1 : repeats;
    for (const backend of ['mcd', 'cblof', 'loda', 'suod']) {
      const factory = detectorFactory(backend)!;
      const context: FitContext = {
        contamination: 0.1,
        params: factory.params.parse({}),
        epochs: 1,
        batchSize: 1,
      };
      let detector: Detector | undefined;
      const fitMs = await bestMs(runs, async () => {
        detector = await factory.fit(x, context);
      });
      const scoreMs = await bestMs(runs, () => detector!.scoreRaw(test));
      let note = '';
      if (backend === 'mcd' && reference) {
        const sk = runReference<SklearnTimes>('sklearn_detectors.py', [
          'mcd',
          String(rows),
          String(cols),
          String(runs),
        ]);
        note = `${seconds(sk.fit_s * 1000)} / ${seconds(sk.score_s * 1000)}, fit+score ${ratio((sk.fit_s + sk.score_s) * 1000, fitMs + scoreMs)} (sklearn time / ours)`;
      }
      console.log(
        `${backend.padEnd(12)} ${String(rows).padStart(6)} ${String(cols).padStart(3)}   ${seconds(fitMs).padEnd(11)} ${seconds(scoreMs).padEnd(11)} ${note}`,
      );
    }
  }
}
