import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, detectorFactory } from '../src/detectors/registry';
import { readLabelledDir, type LabelledSet } from './labelledCsv';
import { ANCHOR_COLUMN, meanAuc, PUBLISHED_COLUMN, readAnchors, type AnchorTable } from './tabularEval';

/**
 * `npm run eval:tabular -- [--data DIR] [--backends a,b] [--seeds 10] [--plain]`: ROC AUC per data set and
 * backend under the PyOD benchmark protocol, beside the published anchors in ../shared/data/anchors.
 * LODA and SUOD have no anchor: they are compared with Isolation Forest, and SUOD with its members.
 */
const SHARED = path.resolve(__dirname, '../../../../shared/data');

/** SUOD's default members (detectors/suod.ts), for "at least as good as its best member". */
const SUOD_MEMBERS = ['isolation_forest', 'hbos', 'copod'];

/** Why the published CBLOF column is not today's CBLOF (backend/eval/cblof_reference.py shows it). */
const CBLOF_PROVENANCE = `  note: the published CBLOF column was computed before PyOD's fix of its large/small cluster split
  (issue #94, commit 726fbdd, June 2019). 'npm run eval:cblof-reference' re-runs the protocol
  with scikit-learn: the old split reproduces the column, today's split (PyOD since 2019, LlamaFarm, ours) does not.
  --plain compares the detector alone (no robust scaling, no range guard) with that reference.`;

const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '   -  ' : v.toFixed(4));
const signed = (v: number | undefined): string =>
  v === undefined ? '      ' : (v >= 0 ? '+' : '') + v.toFixed(3);
const avg = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

interface Anchors {
  sklearn: AnchorTable;
  pyod: AnchorTable;
  published: AnchorTable;
}

/** Prints one backend's table and verdicts; returns its mean AUC over all sets. */
async function evaluate(
  backend: string,
  sets: LabelledSet[],
  anchors: Anchors,
  seeds: number,
  plain: boolean,
): Promise<number> {
  const column = ANCHOR_COLUMN[backend];
  const publishedColumn = PUBLISHED_COLUMN[backend];
  const pyodTable = column ? anchors.pyod : anchors.published;
  const pyodColumn = column ?? publishedColumn;
  const pyodLabel = column ? 'PyOD 2024' : 'PyOD published';
  console.log(`\n${backend}   (ours | scikit-learn reference | ${pyodLabel} anchor)`);
  console.log('dataset        n      d    ours    sklearn  Δsk     pyod    Δpyod   time');
  const diffsSk: number[] = [];
  const diffsPyod: number[] = [];
  const ours: number[] = [];
  for (const set of sets) {
    const started = performance.now();
    const { auc, used } = await meanAuc(set, backend, seeds, plain);
    const seconds = (performance.now() - started) / 1000;
    const sk = column ? anchors.sklearn[set.name]?.[column] : undefined;
    const py = pyodColumn ? pyodTable[set.name]?.[pyodColumn] : undefined;
    ours.push(auc);
    if (sk !== undefined) diffsSk.push(auc - sk);
    if (py !== undefined) diffsPyod.push(auc - py);
    console.log(
      `${set.name.padEnd(12)} ${String(set.x.rows).padStart(6)} ${String(set.x.cols).padStart(4)}  ${fmt(auc)}  ${fmt(sk)} ${signed(sk === undefined ? undefined : auc - sk)}  ${fmt(py)} ${signed(py === undefined ? undefined : auc - py)}  ${seconds.toFixed(1)}s${used < seeds ? ` (${seeds - used} single-class splits skipped)` : ''}`,
    );
  }
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
      `vs ${pyodLabel} on ${diffsPyod.length} sets: mean Δ ${avg(diffsPyod).toFixed(4)}, worst Δ ${Math.min(...diffsPyod).toFixed(4)}`,
    );
    if (!column) {
      console.log(
        `  within 0.02 of ${pyodLabel} on average: ${Math.abs(avg(diffsPyod)) <= 0.02 ? 'yes' : 'NO'}`,
      );
    }
  }
  if (backend === 'cblof') console.log(CBLOF_PROVENANCE);
  return avg(ours);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.join(SHARED, 'odds') },
      anchors: { type: 'string', default: path.join(SHARED, 'anchors') },
      backends: { type: 'string', default: 'isolation_forest' },
      seeds: { type: 'string', default: '10' },
      // the detector alone in PyOD's geometry: no robust scaling on top of the z-scoring, no range guard
      plain: { type: 'boolean', default: false },
    },
  });
  const backends =
    values.backends === 'all' ? [...BACKEND_NAMES] : values.backends.split(',').map((b) => b.trim());
  const unknown = backends.filter((b) => !detectorFactory(b));
  if (unknown.length)
    throw new Error(`unknown backends: ${unknown.join(', ')}; available: ${BACKEND_NAMES.join(', ')}`);
  const seeds = Number(values.seeds);
  const sets = readLabelledDir(values.data);
  const anchors = readAnchors(values.anchors);

  console.log(
    `ROC AUC, PyOD protocol (60/40 split, train z-scoring, mean of ${seeds} seeds), data: ${values.data}`,
  );
  console.log(
    values.plain
      ? 'plain detectors: z-scored data as is (scaler_type standard), range_guard off'
      : 'service defaults: robust scaling (scaler_type robust) and the range guard, as a fit request gets them',
  );
  const means = new Map<string, number>();
  for (const backend of backends)
    means.set(backend, await evaluate(backend, sets, anchors, seeds, values.plain));

  const unanchored = backends.filter((b) => b === 'loda' || b === 'suod');
  if (unanchored.length === 0) return;
  const references = ['isolation_forest', ...(backends.includes('suod') ? SUOD_MEMBERS : [])];
  const missing = [...new Set(references)].filter((b) => !means.has(b));
  if (missing.length) console.log(`\n# references for LODA / SUOD: ${missing.join(', ')}`);
  for (const backend of missing)
    means.set(backend, await evaluate(backend, sets, anchors, seeds, values.plain));

  console.log('\n# no published anchor: beside Isolation Forest (mean AUC over the same splits)');
  for (const backend of [...unanchored, 'isolation_forest']) {
    console.log(`${backend.padEnd(18)} ${means.get(backend)!.toFixed(4)}`);
  }
  if (backends.includes('suod')) {
    const members = SUOD_MEMBERS.map((b) => ({ b, auc: means.get(b)! }));
    const best = members.reduce((a, m) => (m.auc > a.auc ? m : a));
    const suod = means.get('suod')!;
    console.log(
      `suod ${suod.toFixed(4)} vs its members ${members.map((m) => `${m.b} ${m.auc.toFixed(4)}`).join(', ')}: at least as good as the best (${best.b}) on average: ${suod >= best.auc ? 'yes' : 'NO'}`,
    );
    console.log(
      "  ('npm run eval:suod-reference' runs the same ensemble as PyOD computes it, in scikit-learn and numpy)",
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
