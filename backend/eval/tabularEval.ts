import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RANGE_GUARD_PARAM } from '../src/detectors/detector';
import { detectorFactory } from '../src/detectors/registry';
import { rawScores, train } from '../src/training/pipeline';
import type { LabelledSet } from './labelledCsv';
import { pyodSplit } from './pyodProtocol';
import { rocAuc } from './rocAuc';

/** Settings that match how the anchors were computed (see odds_sklearn_reference.json "protocol"). */
export const PROTOCOL: Record<
  string,
  { contamination: number; params: (seed: number) => Record<string, unknown> }
> = {
  isolation_forest: { contamination: 0.1, params: (seed) => ({ random_state: seed }) },
  one_class_svm: { contamination: 0.5, params: () => ({ gamma: 'auto' }) },
  local_outlier_factor: { contamination: 0.1, params: () => ({ n_neighbors: 20 }) },
  // The service's defaults, nothing eval-only: its default error_space 'standardized' is PyOD's space
  // (PyOD's AutoEncoder standardizes its input, preprocessing=True, and trains and scores there).
  autoencoder: { contamination: 0.1, params: () => ({}) },
  // Randomised detectors draw a fresh seed per split, as PyOD's benchmark did (random_state None).
  mcd: { contamination: 0.1, params: (seed) => ({ random_state: seed }) },
  cblof: { contamination: 0.1, params: (seed) => ({ random_state: seed }) },
  loda: { contamination: 0.1, params: (seed) => ({ random_state: seed }) },
  suod: { contamination: 0.1, params: (seed) => ({ random_state: seed }) },
};
export const ANCHOR_COLUMN: Record<string, string> = {
  isolation_forest: 'IForest',
  local_outlier_factor: 'LOF',
  one_class_svm: 'OCSVM',
  autoencoder: 'AutoEncoder',
  ecod: 'ECOD',
  copod: 'COPOD',
  hbos: 'HBOS',
  knn: 'KNN',
};

/** Columns that only PyOD's published benchmark (odds_pyod_published_roc.csv) has. */
export const PUBLISHED_COLUMN: Record<string, string> = { mcd: 'MCD', cblof: 'CBLOF' };

export type AnchorTable = Record<string, Record<string, number>>;

function readCsvTable(file: string): AnchorTable {
  const table: AnchorTable = {};
  if (!existsSync(file)) return table;
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = head.split(',');
  for (const row of rows) {
    const cells = row.split(',');
    table[cells[0]] = Object.fromEntries(columns.map((c, i) => [c, Number(cells[i])]));
  }
  return table;
}

export function readAnchors(dir: string): {
  sklearn: AnchorTable;
  pyod: AnchorTable;
  published: AnchorTable;
} {
  const sklearnFile = path.join(dir, 'odds_sklearn_reference.json');
  const sklearn = existsSync(sklearnFile)
    ? (JSON.parse(readFileSync(sklearnFile, 'utf8')) as { results: AnchorTable }).results
    : {};
  return {
    sklearn,
    pyod: readCsvTable(path.join(dir, 'odds_pyod_2024_roc.csv')),
    published: readCsvTable(path.join(dir, 'odds_pyod_published_roc.csv')),
  };
}

/** Mean over seeds; a split whose test part holds a single class has no AUC and is skipped. */
export async function meanAuc(
  set: LabelledSet,
  backend: string,
  seeds: number,
  plain = false,
): Promise<{ auc: number; used: number }> {
  const factory = detectorFactory(backend)!;
  const protocol = PROTOCOL[backend] ?? { contamination: 0.1, params: () => ({}) };
  let sum = 0;
  let used = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const split = pyodSplit(set, seed);
    const model = await train(factory, split.train, {
      contamination: protocol.contamination,
      // plain: the detector alone in PyOD's geometry (z-scored data kept as is, no range guard)
      ...(plain ? { scalerType: 'standard' as const } : {}),
      params: plain ? { ...protocol.params(seed), [RANGE_GUARD_PARAM]: false } : protocol.params(seed),
      epochs: 100,
      batchSize: 32,
    });
    const auc = rocAuc(split.testLabels, rawScores(model, split.test));
    if (Number.isNaN(auc)) continue;
    sum += auc;
    used++;
  }
  return { auc: sum / used, used };
}
