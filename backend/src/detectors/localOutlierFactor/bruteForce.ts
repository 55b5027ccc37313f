import type { Matrix } from '../../core/matrix';
import { finishNeighbors, heapPush } from './neighborsHeap';
import { squaredDistance } from '../../core/rows';
import type { NeighborIndex, NeighborResult } from './neighbors';

/** Queries and training rows are visited in tiles this large so both stay in cache. */
const TILE = 512;
/**
 * A partial sum taken in another order may round below the true one by d·2^-53 relative; a row is only
 * abandoned once its partial sum clears the heap bound by this much more, so it is never wrongly dropped.
 */
const REORDER_MARGIN = 1e-10;

/**
 * Exhaustive k-NN with scikit-learn's brute-force semantics: every query meets the training rows in
 * index order and offers each one to its bounded heap (heapPush) with the distance summed in column
 * order, so ties resolve exactly as theirs. Rows the heap would refuse are recognised early: a
 * distance is abandoned once a partial sum reaches the heap's largest value, summing first the
 * columns where this query is expected to differ most from the training rows ((q_j − mean_j)² +
 * var_j), which settles most rows after four columns.
 */
export class BruteForce implements NeighborIndex {
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;

  constructor(private readonly x: Matrix) {
    const { data, rows, cols } = x;
    this.mean = new Float64Array(cols);
    this.variance = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) this.mean[j] += data[i * cols + j] / rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) this.variance[j] += (data[i * cols + j] - this.mean[j]) ** 2 / rows;
    }
  }

  selfKNeighbors(k: number): NeighborResult {
    return this.kneighbors(this.x, k);
  }

  kneighbors(queries: Matrix, k: number): NeighborResult {
    const { data, rows: n, cols: d } = this.x;
    const q = queries.data;
    const distances = new Float64Array(queries.rows * k).fill(Infinity);
    const indices = new Int32Array(queries.rows * k);
    const order = new Int32Array(TILE * d);
    const permuted = new Float64Array(TILE * d);
    for (let q0 = 0; q0 < queries.rows; q0 += TILE) {
      const q1 = Math.min(queries.rows, q0 + TILE);
      for (let qi = q0; qi < q1; qi++) this.columnOrder(q, qi * d, order, permuted, (qi - q0) * d);
      for (let p0 = 0; p0 < n; p0 += TILE) {
        const p1 = Math.min(n, p0 + TILE);
        for (let qi = q0; qi < q1; qi++) {
          const heap = qi * k;
          const o = (qi - q0) * d;
          // The four leading columns in locals: they settle most rows on their own.
          const lead = Math.min(d, 4);
          const c0 = order[o];
          const c1 = lead > 1 ? order[o + 1] : c0;
          const c2 = lead > 2 ? order[o + 2] : c0;
          const c3 = lead > 3 ? order[o + 3] : c0;
          const v0 = permuted[o];
          const v1 = lead > 1 ? permuted[o + 1] : v0;
          const v2 = lead > 2 ? permuted[o + 2] : v0;
          const v3 = lead > 3 ? permuted[o + 3] : v0;
          let bound = distances[heap];
          let threshold = bound * (1 + REORDER_MARGIN);
          for (let p = p0, po = p0 * d; p < p1; p++, po += d) {
            let sum = 0;
            let j = 0;
            if (lead === 4) {
              const t0 = v0 - data[po + c0];
              const t1 = v1 - data[po + c1];
              const t2 = v2 - data[po + c2];
              const t3 = v3 - data[po + c3];
              sum = t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
              if (sum >= threshold) continue;
              j = 4;
            }
            for (; j + 4 <= d; j += 4) {
              const t0 = permuted[o + j] - data[po + order[o + j]];
              const t1 = permuted[o + j + 1] - data[po + order[o + j + 1]];
              const t2 = permuted[o + j + 2] - data[po + order[o + j + 2]];
              const t3 = permuted[o + j + 3] - data[po + order[o + j + 3]];
              sum += t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
              if (sum >= threshold) break;
            }
            if (sum >= threshold) continue;
            for (; j < d; j++) {
              const t = permuted[o + j] - data[po + order[o + j]];
              sum += t * t;
            }
            if (sum >= threshold) continue;
            // A candidate: its distance as the heap must see it, summed in column order.
            const exact = squaredDistance(q, qi * d, data, po, d);
            if (exact < bound) {
              heapPush(distances, indices, heap, k, exact, p);
              bound = distances[heap];
              threshold = bound * (1 + REORDER_MARGIN);
            }
          }
        }
      }
    }
    return finishNeighbors(distances, indices, queries.rows, k);
  }

  /** Columns by decreasing expected squared difference between this query and a training row. */
  private columnOrder(
    q: Float64Array,
    offset: number,
    order: Int32Array,
    permuted: Float64Array,
    at: number,
  ): void {
    const d = this.x.cols;
    const weight = (j: number): number => (q[offset + j] - this.mean[j]) ** 2 + this.variance[j];
    const columns = Array.from({ length: d }, (_, j) => j).sort((a, b) => weight(b) - weight(a) || a - b);
    columns.forEach((j, r) => {
      order[at + r] = j;
      permuted[at + r] = q[offset + j];
    });
  }
}
