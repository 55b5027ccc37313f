import type { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';

/** Standard-normal rows (Box–Muller on the seeded generator). */
export function gaussianMatrix(rows: number, cols: number, seed = 7): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    const u = 1 - rng.nextFloat();
    data[k] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  }
  return { data, rows, cols };
}

export function toRows(x: Matrix): number[][] {
  return Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
}
