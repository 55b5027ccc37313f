import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

export type AnchorTable = Record<string, Record<string, number>>;

export function readAnchors(dir: string): { sklearn: AnchorTable; pyod: AnchorTable } {
  const sklearnFile = path.join(dir, 'odds_sklearn_reference.json');
  const pyodFile = path.join(dir, 'odds_pyod_2024_roc.csv');
  const sklearn = existsSync(sklearnFile)
    ? (JSON.parse(readFileSync(sklearnFile, 'utf8')) as { results: AnchorTable }).results
    : {};
  const pyod: AnchorTable = {};
  if (existsSync(pyodFile)) {
    const [head, ...rows] = readFileSync(pyodFile, 'utf8').trim().split(/\r?\n/);
    const columns = head.split(',');
    for (const row of rows) {
      const cells = row.split(',');
      pyod[cells[0]] = Object.fromEntries(columns.map((c, i) => [c, Number(cells[i])]));
    }
  }
  return { sklearn, pyod };
}

/** Mean over seeds; a split whose test part holds a single class has no AUC and is skipped. */
export async function meanAuc(
  set: LabelledSet,
  backend: string,
  seeds: number,
): Promise<{ auc: number; used: number }> {
  const factory = detectorFactory(backend)!;
  const protocol = PROTOCOL[backend] ?? { contamination: 0.1, params: () => ({}) };
  let sum = 0;
  let used = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const split = pyodSplit(set, seed);
    const model = await train(factory, split.train, {
      contamination: protocol.contamination,
      params: protocol.params(seed),
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
