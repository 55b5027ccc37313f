/** A dense row-major matrix of doubles: row i, column j lives at data[i * cols + j]. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0].length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) data.set(rows[i], i * d);
  return { data, rows: n, cols: d };
}

export function column(x: Matrix, j: number): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0, k = j; i < x.rows; i++, k += x.cols) out[i] = x.data[k];
  return out;
}
