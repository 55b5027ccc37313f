import type { Matrix } from '../core/matrix';
import { RANGE_GUARD_PARAM } from '../detectors/detector';

export { RANGE_GUARD_PARAM };

/**
 * The range guard: a row outside the training data's range is never scored as normal as the most
 * extreme training row.
 *
 * Why: detectors that split or rank within the training range saturate beyond it. Isolation Forest's
 * split thresholds all lie inside the training range, so a row beyond it follows the same path as a
 * row on the boundary: -10 °C scores exactly like the coldest training day, and an API call 90× slower
 * and 500× larger than any seen, with an unseen method, scores like the most extreme normal request,
 * so it is missed once the learned threshold sits near the top training scores (low contamination).
 * ECOD, COPOD and HBOS saturate the same way at the edges of their ECDFs and histograms.
 *
 * What: at fit, the pipeline keeps each feature's training range in the robust-scaled space every
 * detector sees, widened by Tukey's far-out distance (3 IQRs, which is 3 units there) so that inliers
 * just beyond the range (common in high dimensions, where some feature of a new row is often slightly
 * outside) are left alone. A scored row beyond that on any feature gets at least the guard's `floor`,
 * the next score above the highest training score: strictly more anomalous than every training row,
 * so above any learned threshold, while the order among in-range rows is untouched (a detector-
 * specific floor such as Isolation Forest's first-cut score 2^(-1/c(ψ)) was measured too: it lowered
 * that backend's mean ROC AUC on ../shared/data/odds from 0.8009 to 0.8008). The remedy saturates: how far outside a row lies does not
 * matter (that is the detectors' business), so -10 and 5 still score alike; rows inside the range and
 * the training scores (hence the normalization statistics and learned thresholds) are unchanged.
 * Off with `params.range_guard: false` (the plain detector's scores).
 */
export interface RangeGuard {
  /** Per feature, in robust-scaled units: a row is out of range below `lo` or above `hi`. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** The least raw score an out-of-range row gets. */
  readonly floor: number;
}

/** Tukey's far-out fence distance, in IQRs (the robust-scaled unit). */
export const FAR_OUT_IQRS = 3;

/** The guard for a detector fitted on `scaled` (robust-scaled training rows) with training raw scores. */
export function fitRangeGuard(scaled: Matrix, trainRaw: ArrayLike<number>): RangeGuard {
  const { data, rows, cols } = scaled;
  const lo = new Float64Array(cols).fill(Infinity);
  const hi = new Float64Array(cols).fill(-Infinity);
  for (let i = 0, k = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, k++) {
      const v = data[k];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  for (let j = 0; j < cols; j++) {
    lo[j] -= FAR_OUT_IQRS;
    hi[j] += FAR_OUT_IQRS;
  }
  let max = -Infinity;
  for (let i = 0; i < trainRaw.length; i++) if (trainRaw[i] > max) max = trainRaw[i];
  // The next float above the maximum (scores are finite; a zero maximum steps to the least normal).
  const floor = max === 0 ? Number.MIN_VALUE : max + Math.abs(max) * Number.EPSILON;
  return { lo, hi, floor };
}

/** Raises, in place, the raw score of every row of `scaled` outside the guard's range to its floor. */
export function applyRangeGuard(guard: RangeGuard, scaled: Matrix, raw: Float64Array): Float64Array {
  const { data, rows, cols } = scaled;
  const { lo, hi, floor } = guard;
  for (let i = 0; i < rows; i++) {
    if (raw[i] >= floor) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j];
      if (v < lo[j] || v > hi[j]) {
        raw[i] = floor;
        break;
      }
    }
  }
  return raw;
}
