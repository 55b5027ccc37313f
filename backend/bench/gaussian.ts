import type { Matrix } from '../src/core/matrix';
import { Rng } from '../src/core/rng';

/** Standard-normal rows from the seeded generator (Box–Muller), for benchmarks and tests. */
export function gaussianMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.nextGaussian();
  return { data, rows, cols };
}
