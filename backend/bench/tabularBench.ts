import type { Detector, DetectorFactory } from '../src/detectors/detector';
import { localOutlierFactorFactory } from '../src/detectors/localOutlierFactor/localOutlierFactor';
import { oneClassSvmFactory } from '../src/detectors/oneClassSvm/oneClassSvm';
import { bestMs, hasSklearn, ratio, runReference, seconds } from './timing';
import { gaussianMatrix } from './gaussian';

/** Standard-normal rows (Box–Muller on the seeded generator). */

export interface DetectorTiming {
  readonly fitMs: number;
  readonly scoreMs: number;
  readonly fitInfo: Record<string, unknown>;
}

/** Best-of-`repeats` fit on `rows` standard-normal rows, then scoring `rows` new rows, detector only. */
async function timeDetector(
  factory: DetectorFactory,
  rows: number,
  cols: number,
  params: Record<string, unknown>,
  repeats: number,
): Promise<DetectorTiming> {
  const train = gaussianMatrix(rows, cols, 1);
  const test = gaussianMatrix(rows, cols, 2);
  const context = { contamination: 0.1, params: factory.params.parse(params), epochs: 1, batchSize: 1 };
  let detector: Detector | undefined;
  const fitMs = await bestMs(repeats, async () => {
    detector = await factory.fit(train, context);
  });
  const scoreMs = await bestMs(repeats, () => detector!.scoreRaw(test));
  return { fitMs, scoreMs, fitInfo: detector!.fitInfo ?? {} };
}

/** One-Class SVM: fit on rows×cols, score rows new rows. `nu` 0.5 is scikit-learn's default. */
export function benchOneClassSvm(
  rows: number,
  cols: number,
  options: { nu?: number; mode?: 'auto' | 'exact' | 'approximate'; repeats?: number } = {},
): Promise<DetectorTiming> {
  const { nu = 0.5, mode = 'exact', repeats = 3 } = options;
  return timeDetector(oneClassSvmFactory, rows, cols, { nu, mode }, repeats);
}

/** Local Outlier Factor (20 neighbours, novelty): fit on rows×cols, score rows new rows. */
export function benchLocalOutlierFactor(rows: number, cols: number, repeats = 1): Promise<DetectorTiming> {
  return timeDetector(localOutlierFactorFactory, rows, cols, {}, repeats);
}

interface SklearnTimes {
  sklearn: string;
  fit_s: number;
  score_s: number;
}

function line(label: string, ours: DetectorTiming, sk: SklearnTimes | null): void {
  const oursTotal = ours.fitMs + ours.scoreMs;
  console.log(
    `ours    ${label}: fit ${seconds(ours.fitMs)}, score ${seconds(ours.scoreMs)}  ${JSON.stringify(ours.fitInfo)}`,
  );
  if (!sk) return;
  const skMs = (sk.fit_s + sk.score_s) * 1000;
  console.log(`sklearn ${label}: fit ${seconds(sk.fit_s * 1000)}, score ${seconds(sk.score_s * 1000)}`);
  console.log(
    `ratio   ${label}: fit ${ratio(sk.fit_s * 1000, ours.fitMs)}, score ${ratio(sk.score_s * 1000, ours.scoreMs)}, fit+score ${ratio(skMs, oursTotal)} (sklearn time / ours; target ≥ 1×)`,
  );
}

/** The side-by-side run for `npm run bench`: LOF at 100k×4 and 100k×16, One-Class SVM exact at 10k×4. */
export async function benchKernelAndNeighbors(
  sizes: { lof?: [number, number][]; ocsvm?: [number, number][] } = {},
): Promise<void> {
  const lofSizes = sizes.lof ?? [
    [100_000, 4],
    [100_000, 16],
  ];
  const svmSizes = sizes.ocsvm ?? [[10_000, 4]];
  const reference = hasSklearn();
  if (!reference)
    console.log('scikit-learn: not found on /usr/bin/python3 (apt-get install python3-sklearn)');

  console.log('\n## Local Outlier Factor (20 neighbours, novelty): fit on n rows, score n new rows');
  for (const [rows, cols] of lofSizes) {
    // Best of 3 where a run takes seconds; the brute-force sizes take minutes, one run each.
    const repeats = cols <= 8 ? 3 : 1;
    const ours = await benchLocalOutlierFactor(rows, cols, repeats);
    const sk = reference
      ? runReference<SklearnTimes>('sklearn_detectors.py', [
          'lof',
          String(rows),
          String(cols),
          String(repeats),
        ])
      : null;
    line(`LOF ${rows}×${cols}`, ours, sk);
  }

  console.log('\n## One-Class SVM (rbf, gamma scale), exact solver: fit on n rows, score n new rows');
  for (const [rows, cols] of svmSizes) {
    for (const nu of [0.5, 0.1]) {
      const ours = await benchOneClassSvm(rows, cols, { nu });
      const sk = reference
        ? runReference<SklearnTimes>('sklearn_detectors.py', [
            'ocsvm',
            String(rows),
            String(cols),
            '3',
            String(nu),
          ])
        : null;
      line(`OCSVM ${rows}×${cols} nu ${nu}`, ours, sk);
    }
  }
}

if (require.main === module) {
  const which = process.argv[2] ?? 'all';
  const sizes =
    which === 'lof'
      ? { ocsvm: [] }
      : which === 'ocsvm'
        ? { lof: [] }
        : which === 'small'
          ? {
              lof: [
                [20_000, 4],
                [20_000, 16],
              ] as [number, number][],
            }
          : {};
  benchKernelAndNeighbors(sizes).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
