import { EigenvalueDecomposition, LuDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import type { Matrix } from '../../core/matrix';

/** Location and maximum-likelihood covariance (divided by n, numpy's `np.cov(bias=1)`) of some rows. */
export interface Gaussian {
  readonly location: Float64Array; // d
  readonly covariance: Float64Array; // d × d, row-major
}

/** Mean and ML covariance of the rows listed in `rows` (two passes: centred sums of products). */
export function empiricalGaussian(x: Matrix, rows: ArrayLike<number>): Gaussian {
  const { data, cols: d } = x;
  const n = rows.length;
  const location = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const base = rows[r] * d;
    for (let j = 0; j < d; j++) location[j] += data[base + j];
  }
  for (let j = 0; j < d; j++) location[j] /= n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const base = rows[r] * d;
    for (let j = 0; j < d; j++) centred[j] = data[base + j] - location[j];
    for (let a = 0; a < d; a++) {
      const ca = centred[a];
      const rowA = a * d;
      for (let b = a; b < d; b++) covariance[rowA + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = covariance[a * d + b] / n;
      covariance[a * d + b] = v;
      covariance[b * d + a] = v;
    }
  }
  return { location, covariance };
}

const toMl = (m: Float64Array, d: number): MlMatrix => {
  const out = new MlMatrix(d, d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out.set(a, b, m[a * d + b]);
  return out;
};

/**
 * Pseudo-inverse of a symmetric matrix as scipy.linalg.pinvh: eigenvalues whose magnitude is at most
 * max|λ| · d · ε are dropped, the rest inverted.
 */
export function symmetricPseudoInverse(m: Float64Array, d: number): Float64Array {
  const evd = new EigenvalueDecomposition(toMl(m, d), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  const cutoff = largest * d * Number.EPSILON;
  const out = new Float64Array(d * d);
  values.forEach((v, k) => {
    if (!(Math.abs(v) > cutoff)) return;
    const inv = 1 / v;
    for (let a = 0; a < d; a++) {
      const va = vectors.get(a, k) * inv;
      for (let b = 0; b < d; b++) out[a * d + b] += va * vectors.get(b, k);
    }
  });
  return out;
}

/**
 * log det of a covariance, or −Infinity when the determinant is not positive: scikit-learn's
 * fast_logdet (numpy's slogdet: LU with partial pivoting, sign from the pivots and the permutation).
 */
export function logDeterminant(m: Float64Array, d: number): number {
  const lu = new LuDecomposition(toMl(m, d));
  const u = lu.upperTriangularMatrix;
  let sign = 1;
  let log = 0;
  for (let k = 0; k < d; k++) {
    const pivot = u.get(k, k);
    if (pivot === 0 || Number.isNaN(pivot)) return -Infinity;
    if (pivot < 0) sign = -sign;
    log += Math.log(Math.abs(pivot));
  }
  // The permutation's parity: each cycle of length L takes L − 1 transpositions.
  const perm = lu.pivotPermutationVector;
  const seen = new Uint8Array(d);
  for (let start = 0; start < d; start++) {
    if (seen[start]) continue;
    let length = 0;
    for (let k = start; !seen[k]; k = perm[k]) {
      seen[k] = 1;
      length++;
    }
    if (length % 2 === 0) sign = -sign;
  }
  return sign > 0 ? log : -Infinity;
}

/** Squared Mahalanobis distance of every row to `location` under `precision` (d × d). */
export function squaredMahalanobis(
  x: Matrix,
  location: Float64Array,
  precision: Float64Array,
  out = new Float64Array(x.rows),
): Float64Array {
  const { data, rows, cols: d } = x;
  const centred = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) centred[j] = data[base + j] - location[j];
    let sum = 0;
    for (let a = 0; a < d; a++) {
      const rowA = a * d;
      let dot = 0;
      for (let b = 0; b < d; b++) dot += precision[rowA + b] * centred[b];
      sum += dot * centred[a];
    }
    out[i] = sum;
  }
  return out;
}
