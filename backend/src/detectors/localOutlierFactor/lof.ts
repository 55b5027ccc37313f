import type { Matrix } from '../../core/matrix';
import { pairwiseSum } from '../../core/numpySum';
import type { NeighborIndex, NeighborResult } from './neighbors';

/** Added to the mean reachability distance so duplicates (distance 0) give a finite density (sklearn). */
const DENSITY_EPSILON = 1e-10;

/**
 * Neighbours of each training row among the others, as scikit-learn's kneighbors(X=None): query k + 1,
 * drop the row itself, or the first neighbour when more than k duplicates crowd the row out.
 */
export function trainingNeighbors(index: NeighborIndex, x: Matrix, k: number): NeighborResult {
  const all = index.selfKNeighbors(k + 1);
  const distances = new Float64Array(x.rows * k);
  const indices = new Int32Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    const from = i * (k + 1);
    let skip = from;
    while (skip < from + k + 1 && all.indices[skip] !== i) skip++;
    if (skip === from + k + 1) skip = from;
    for (let s = from, t = i * k; s < from + k + 1; s++) {
      if (s === skip) continue;
      distances[t] = all.distances[s];
      indices[t++] = all.indices[s];
    }
  }
  return { distances, indices, k };
}

/** lrd = 1 / (mean reachability distance + 1e-10), reach(a, o) = max(dist(a, o), k-distance(o)). */
export function localReachabilityDensity(neighbors: NeighborResult, kDistance: Float64Array): Float64Array {
  const { distances, indices, k } = neighbors;
  const rows = distances.length / k;
  const reach = new Float64Array(k);
  const lrd = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let s = 0; s < k; s++) reach[s] = Math.max(distances[i * k + s], kDistance[indices[i * k + s]]);
    lrd[i] = 1.0 / (pairwiseSum(reach, 0, k) / k + DENSITY_EPSILON);
  }
  return lrd;
}

/** LOF = mean over the neighbours o of lrd(o) / lrd(x) (scikit-learn's -score_samples). */
export function localOutlierFactors(
  neighbors: NeighborResult,
  kDistance: Float64Array,
  trainLrd: Float64Array,
): Float64Array {
  const { indices, k } = neighbors;
  const lrd = localReachabilityDensity(neighbors, kDistance);
  const ratios = new Float64Array(k);
  const out = new Float64Array(lrd.length);
  for (let i = 0; i < lrd.length; i++) {
    for (let s = 0; s < k; s++) ratios[s] = trainLrd[indices[i * k + s]] / lrd[i];
    out[i] = pairwiseSum(ratios, 0, k) / k;
  }
  return out;
}
