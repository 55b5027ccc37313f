import type { Matrix } from '../../src/core/matrix';
import { gaussianMatrix as seededGaussian } from '../../bench/gaussian';

export function toRows(x: Matrix): number[][] {
  return Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
}

/** Standard-normal rows (seed 7 unless given). */
export const gaussianMatrix = (rows: number, cols: number, seed = 7): Matrix =>
  seededGaussian(rows, cols, seed);
