import type { Matrix } from '../../core/matrix';
import type { Rng } from '../../core/rng';
import { empiricalGaussian, logDeterminant, squaredMahalanobis, symmetricPseudoInverse } from './covariance';

/**
 * FastMCD (Rousseeuw & Van Driessen, Technometrics 1999) as scikit-learn's fast_mcd / _c_step: raw
 * MCD location and covariance of the h-subset with the least covariance determinant.
 */
export interface McdEstimate {
  readonly location: Float64Array;
  readonly covariance: Float64Array;
  readonly logDet: number;
  /** Indices of the h rows the estimate is computed from. */
  readonly support: Int32Array;
  /** Squared Mahalanobis distances of every row (see cStep for which precision they use). */
  readonly dist: Float64Array;
}

/** Indices of the h smallest distances (argsort(dist)[:h]). */
function smallest(dist: Float64Array, h: number): Int32Array {
  const order = Int32Array.from({ length: dist.length }, (_, i) => i);
  order.sort((a, b) => dist[a] - dist[b] || a - b);
  return order.slice(0, h);
}

/** numpy.allclose for two scalars (rtol 1e-5, atol 1e-8). */
const allClose = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);

/**
 * C-steps (the paper's Theorem 1: re-selecting the h rows nearest in Mahalanobis distance never
 * raises det S) from a random h-subset or from an initial (location, covariance), until the log
 * determinant stops falling, reaches −∞, or `iterations` run out.
 */
function cStep(
  x: Matrix,
  h: number,
  iterations: number,
  rng: Rng,
  initial?: { location: Float64Array; covariance: Float64Array },
): McdEstimate {
  const d = x.cols;
  let support: Int32Array;
  if (initial) {
    const dist = squaredMahalanobis(x, initial.location, symmetricPseudoInverse(initial.covariance, d));
    support = smallest(dist, h);
  } else {
    support = rng.sampleWithoutReplacement(x.rows, h);
  }
  let { location, covariance } = empiricalGaussian(x, support);
  let logDet = logDeterminant(covariance, d);
  let precision = symmetricPseudoInverse(covariance, d);
  let previous: Omit<McdEstimate, 'dist'> | null = null;
  let previousLogDet = Infinity;
  let previousDist: Float64Array | null = null;
  let remaining = iterations;
  while (logDet < previousLogDet && remaining > 0 && logDet !== -Infinity) {
    previous = { location, covariance, logDet, support };
    previousLogDet = logDet;
    precision = symmetricPseudoInverse(covariance, d);
    previousDist = squaredMahalanobis(x, location, precision);
    support = smallest(previousDist, h);
    ({ location, covariance } = empiricalGaussian(x, support));
    logDet = logDeterminant(covariance, d);
    remaining--;
  }
  // As scikit-learn: the returned distances use the new location but the precision that chose the
  // support (the last covariance's inverse is not computed); the reweighting step starts from them.
  const dist = squaredMahalanobis(x, location, precision);
  const current: McdEstimate = { location, covariance, logDet, support, dist };
  if (logDet === -Infinity || remaining === 0 || allClose(logDet, previousLogDet)) return current;
  return logDet > previousLogDet && previous && previousDist ? { ...previous, dist: previousDist } : current;
}

/** The `select` estimates of least log determinant among C-step runs (scikit-learn's select_candidates). */
function selectCandidates(
  x: Matrix,
  h: number,
  starts: number | readonly McdEstimate[],
  select: number,
  iterations: number,
  rng: Rng,
): McdEstimate[] {
  const runs =
    typeof starts === 'number'
      ? Array.from({ length: starts }, () => cStep(x, h, iterations, rng))
      : starts.map((s) => cStep(x, h, iterations, rng, s));
  return runs
    .map((run, i) => ({ run, i }))
    .sort((a, b) => a.run.logDet - b.run.logDet || a.i - b.i)
    .slice(0, select)
    .map(({ run }) => run);
}

function takeRows(x: Matrix, rows: ArrayLike<number>): Matrix {
  const d = x.cols;
  const data = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) data.set(x.data.subarray(rows[r] * d, rows[r] * d + d), r * d);
  return { data, rows: rows.length, cols: d };
}

/** One feature: the exact MCD is the shortest window holding h sorted values (Rousseeuw & Leroy 1987, ch. 4). */
function univariateMcd(x: Matrix, h: number): McdEstimate {
  const n = x.rows;
  const values = x.data;
  let support: Int32Array;
  if (h < n) {
    const sorted = Float64Array.from(values).sort();
    let shortest = Infinity;
    for (let s = 0; s < n - h; s++) shortest = Math.min(shortest, sorted[s + h] - sorted[s]);
    let midSum = 0;
    let count = 0;
    for (let s = 0; s < n - h; s++) {
      if (sorted[s + h] - sorted[s] === shortest) {
        midSum += 0.5 * (sorted[s + h] + sorted[s]);
        count++;
      }
    }
    const centre = midSum / count;
    const gap = Float64Array.from(values, (v) => Math.abs(v - centre));
    support = smallest(gap, h);
    const { covariance } = empiricalGaussian(x, support);
    const location = Float64Array.of(centre);
    const dist = squaredMahalanobis(x, location, symmetricPseudoInverse(covariance, 1));
    return { location, covariance, logDet: logDeterminant(covariance, 1), support, dist };
  }
  support = Int32Array.from({ length: n }, (_, i) => i);
  const { location, covariance } = empiricalGaussian(x, support);
  const dist = squaredMahalanobis(x, location, symmetricPseudoInverse(covariance, 1));
  return { location, covariance, logDet: logDeterminant(covariance, 1), support, dist };
}

/**
 * FastMCD with h = ⌈(n + d + 1) / 2⌉ (the maximal breakdown point). Above 500 rows: candidates from
 * subsets of ~300 rows, refined on a merged subset of at most 1500 rows, then on all rows — the
 * paper's nested extensions, with scikit-learn's trial counts (500 in all, 10 kept per subset).
 */
export function fastMcd(x: Matrix, rng: Rng): { estimate: McdEstimate; h: number } {
  const { rows: n, cols: d } = x;
  const h = Math.min(n, Math.ceil(0.5 * (n + d + 1)));
  if (d === 1) return { estimate: univariateMcd(x, h), h };
  if (n <= 500) {
    const best = selectCandidates(x, h, 30, 10, 2, rng);
    return { estimate: selectCandidates(x, h, best, 1, 30, rng)[0], h };
  }
  const subsets = Math.floor(n / 300);
  const subsetRows = Math.floor(n / subsets);
  const shuffle = rng.sampleWithoutReplacement(n, n);
  const hSubset = Math.ceil(subsetRows * (h / n));
  const trials = Math.max(10, Math.floor(500 / subsets));
  const candidates: McdEstimate[] = [];
  for (let s = 0; s < subsets; s++) {
    const subset = takeRows(x, shuffle.subarray(s * subsetRows, (s + 1) * subsetRows));
    candidates.push(...selectCandidates(subset, hSubset, trials, 10, 2, rng));
  }
  const mergedRows = Math.min(1500, n);
  const hMerged = Math.ceil(mergedRows * (h / n));
  const selection = rng.sampleWithoutReplacement(n, mergedRows);
  const merged = selectCandidates(takeRows(x, selection), hMerged, candidates, n > 1500 ? 10 : 1, 30, rng);
  if (n < 1500) {
    // The merged set is every row, in `selection` order: map its support and distances back.
    const best = merged[0];
    const dist = new Float64Array(n);
    selection.forEach((row, k) => (dist[row] = best.dist[k]));
    const support = Int32Array.from(best.support, (k) => selection[k]);
    return { estimate: { ...best, support, dist }, h };
  }
  return { estimate: selectCandidates(x, h, merged, 1, 30, rng)[0], h };
}
