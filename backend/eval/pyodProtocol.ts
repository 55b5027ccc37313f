import type { Matrix } from '../src/core/matrix';
import { Rng } from '../src/core/rng';
import type { LabelledSet } from './labelledCsv';

export interface Split {
  readonly train: Matrix;
  readonly test: Matrix;
  readonly testLabels: Uint8Array;
}

function takeRows(x: Matrix, rows: Int32Array): Matrix {
  const data = new Float64Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { data, rows: rows.length, cols: x.cols };
}

/**
 * PyOD's benchmark protocol: a random 60/40 split (seeded by `seed`), then both parts z-scored with
 * the training mean and population std (a zero std left at 1). Our own shuffle, not numpy's, so the
 * splits differ from PyOD's while following the same protocol.
 */
export function pyodSplit(set: LabelledSet, seed: number): Split {
  const n = set.x.rows;
  const testSize = Math.ceil(0.4 * n);
  const order = new Rng(seed).sampleWithoutReplacement(n, n);
  const testRows = order.slice(0, testSize);
  const train = takeRows(set.x, order.slice(testSize));
  const test = takeRows(set.x, testRows);
  const testLabels = Uint8Array.from(testRows, (r) => set.labels[r]);
  for (let j = 0; j < train.cols; j++) {
    let mu = 0;
    for (let i = 0; i < train.rows; i++) mu += train.data[i * train.cols + j];
    mu /= train.rows;
    let ss = 0;
    for (let i = 0; i < train.rows; i++) ss += (train.data[i * train.cols + j] - mu) ** 2;
    const sd = Math.sqrt(ss / train.rows) || 1;
    for (const m of [train, test])
      for (let i = 0; i < m.rows; i++) m.data[i * m.cols + j] = (m.data[i * m.cols + j] - mu) / sd;
  }
  return { train, test, testLabels };
}
