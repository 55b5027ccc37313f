import type { Matrix } from '../core/matrix';

/**
 * The training columns, each sorted ascending and stored one after another (column-major), so the
 * empirical CDF of column j at v is a binary search: F(v) = #{x <= v} / n.
 */
export interface SortedColumns {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function sortColumns(x: Matrix): SortedColumns {
  const { rows, cols } = x;
  const values = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = values.subarray(j * rows, (j + 1) * rows);
    for (let i = 0; i < rows; i++) col[i] = x.data[i * cols + j];
    col.sort();
  }
  return { values, rows, cols };
}

/** Number of training values in column j that are <= v. */
export function countAtMost(sorted: SortedColumns, j: number, v: number): number {
  const { values, rows } = sorted;
  const base = j * rows;
  let lo = 0;
  let hi = rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[base + mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of training values in column j that are >= v. */
export function countAtLeast(sorted: SortedColumns, j: number, v: number): number {
  const { values, rows } = sorted;
  const base = j * rows;
  let lo = 0;
  let hi = rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[base + mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return rows - lo;
}
