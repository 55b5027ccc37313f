import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, detectorFactory } from '../src/detectors/registry';
import { readLabelledDir } from './labelledCsv';
import { ANCHOR_COLUMN, meanAuc, readAnchors } from './tabularEval';

/**
 * `npm run eval:tabular -- [--data DIR] [--backends a,b] [--seeds 10]`: ROC AUC per data set and
 * backend under the PyOD benchmark protocol, beside the published anchors in ../shared/data/anchors.
 */
const SHARED = path.resolve(__dirname, '../../../../shared/data');

const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '   -  ' : v.toFixed(4));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.join(SHARED, 'odds') },
      anchors: { type: 'string', default: path.join(SHARED, 'anchors') },
      backends: { type: 'string', default: 'isolation_forest' },
      seeds: { type: 'string', default: '10' },
    },
  });
  const backends =
    values.backends === 'all' ? [...BACKEND_NAMES] : values.backends.split(',').map((b) => b.trim());
  const unknown = backends.filter((b) => !detectorFactory(b));
  if (unknown.length)
    throw new Error(`unknown backends: ${unknown.join(', ')}; available: ${BACKEND_NAMES.join(', ')}`);
  const seeds = Number(values.seeds);
  const sets = readLabelledDir(values.data);
  const { sklearn, pyod } = readAnchors(values.anchors);

  console.log(
    `ROC AUC, PyOD protocol (60/40 split, train z-scoring, mean of ${seeds} seeds), data: ${values.data}`,
  );
  for (const backend of backends) {
    const column = ANCHOR_COLUMN[backend];
    console.log(`\n${backend}   (ours | scikit-learn reference | PyOD 2024 anchor)`);
    console.log('dataset        n      d    ours    sklearn  Δsk     pyod    Δpyod   time');
    const diffsSk: number[] = [];
    const diffsPyod: number[] = [];
    const ours: number[] = [];
    for (const set of sets) {
      const started = performance.now();
      const { auc, used } = await meanAuc(set, backend, seeds);
      const seconds = (performance.now() - started) / 1000;
      const sk = column ? sklearn[set.name]?.[column] : undefined;
      const py = column ? pyod[set.name]?.[column] : undefined;
      ours.push(auc);
      if (sk !== undefined) diffsSk.push(auc - sk);
      if (py !== undefined) diffsPyod.push(auc - py);
      console.log(
        `${set.name.padEnd(12)} ${String(set.x.rows).padStart(6)} ${String(set.x.cols).padStart(4)}  ${fmt(auc)}  ${fmt(sk)} ${sk === undefined ? '      ' : (auc - sk >= 0 ? '+' : '') + (auc - sk).toFixed(3)}  ${fmt(py)} ${py === undefined ? '      ' : (auc - py >= 0 ? '+' : '') + (auc - py).toFixed(3)}  ${seconds.toFixed(1)}s${used < seeds ? ` (${seeds - used} single-class splits skipped)` : ''}`,
      );
    }
    const avg = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    console.log(`mean AUC (all ${ours.length} sets): ${avg(ours).toFixed(4)}`);
    if (diffsSk.length) {
      console.log(
        `vs scikit-learn on ${diffsSk.length} sets: mean Δ ${avg(diffsSk).toFixed(4)}, worst Δ ${Math.min(...diffsSk).toFixed(4)}`,
      );
      const onAverage = Math.abs(avg(diffsSk)) <= 0.02 ? 'yes' : 'NO';
      const never = Math.min(...diffsSk) >= -0.05 ? 'yes' : 'NO';
      console.log(
        `  within 0.02 of scikit-learn on average: ${onAverage}; never worse by more than 0.05: ${never}`,
      );
    }
    if (diffsPyod.length) {
      console.log(
        `vs PyOD 2024 on ${diffsPyod.length} sets: mean Δ ${avg(diffsPyod).toFixed(4)}, worst Δ ${Math.min(...diffsPyod).toFixed(4)}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
