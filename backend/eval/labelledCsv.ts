import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Matrix } from '../src/core/matrix';

export interface LabelledSet {
  readonly name: string;
  readonly x: Matrix;
  readonly labels: Uint8Array;
}

/** A CSV with a header row whose last column is `label` (1 = outlier), as in ../shared/data/odds. */
export function readLabelledCsv(file: string): LabelledSet {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const cols = lines[0].split(',').length - 1;
  const rows = lines.length - 1;
  const data = new Float64Array(rows * cols);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const cells = lines[i + 1].split(',');
    if (cells.length !== cols + 1)
      throw new Error(`${file}: line ${i + 2} has ${cells.length} cells, expected ${cols + 1}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number(cells[j]);
    labels[i] = Number(cells[cols]) === 1 ? 1 : 0;
  }
  return { name: path.basename(file, '.csv'), x: { data, rows, cols }, labels };
}

export function readLabelledDir(dir: string): LabelledSet[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => readLabelledCsv(path.join(dir, f)));
}
