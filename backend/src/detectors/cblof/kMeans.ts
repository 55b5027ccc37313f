import type { Matrix } from '../../core/matrix';
import type { Rng } from '../../core/rng';

export interface KMeansResult {
  readonly centers: Float64Array; // k × d
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly iterations: number;
}

export interface KMeansOptions {
  readonly k: number;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
}

function squaredDistance(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ai + j] - b[bi + j];
    sum += diff * diff;
  }
  return sum;
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007; scikit-learn's _kmeans_plusplus): each new
 * centre is the best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ D², the one that most lowers
 * the summed squared distance.
 */
function kMeansPlusPlus(x: Matrix, k: number, rng: Rng): Float64Array {
  const { data, rows: n, cols: d } = x;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.nextInt(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(data, i * d, centers, 0, d);
    potential += closest[i];
  }
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Infinity;
    let bestRow = 0;
    for (let t = 0; t < trials; t++) {
      // Inverse-CDF draw over the cumulative D² weights.
      const target = rng.nextFloat() * potential;
      let row = 0;
      let acc = closest[0];
      while (acc <= target && row < n - 1) acc += closest[++row];
      let candidatePotential = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i], squaredDistance(data, i * d, data, row * d, d));
        candidateDist[i] = v;
        candidatePotential += v;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestRow = row;
        bestDist.set(candidateDist);
      }
    }
    centers.set(data.subarray(bestRow * d, bestRow * d + d), c * d);
    closest.set(bestDist);
    potential = bestPotential;
  }
  return centers;
}

/** Assigns each row its nearest centre; returns the inertia (sum of squared distances). */
function assign(x: Matrix, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  const { data, rows: n, cols: d } = x;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let label = 0;
    for (let c = 0; c < k; c++) {
      const v = squaredDistance(data, i * d, centers, c * d, d);
      if (v < best) {
        best = v;
        label = c;
      }
    }
    labels[i] = label;
    dist[i] = best;
    inertia += best;
  }
  return inertia;
}

/**
 * New centres as cluster means. An empty cluster takes the row farthest from its centre, as
 * scikit-learn's relocation of empty clusters does. Returns the summed squared centre shift.
 */
function update(x: Matrix, k: number, labels: Int32Array, dist: Float64Array, centers: Float64Array): number {
  const { data, rows: n, cols: d } = x;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
  }
  const farthest = counts.includes(0)
    ? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[b] - dist[a])
    : null;
  let relocated = 0;
  let shift = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      let v: number;
      if (counts[c] > 0) v = sums[c * d + j] / counts[c];
      else v = data[farthest![relocated] * d + j];
      const diff = v - centers[c * d + j];
      shift += diff * diff;
      centers[c * d + j] = v;
    }
    if (counts[c] === 0) relocated = Math.min(relocated + 1, n - 1);
  }
  return shift;
}

/**
 * Lloyd's k-means, best of `nInit` k-means++ starts by inertia (scikit-learn's KMeans with
 * algorithm 'lloyd'): stops when labels stop changing or the summed squared centre shift is at most
 * tol · mean feature variance; labels are then recomputed against the final centres.
 */
export function kMeans(x: Matrix, options: KMeansOptions, rng: Rng): KMeansResult {
  const { rows: n, cols: d, data } = x;
  const k = Math.min(options.k, n);
  let variance = 0;
  for (let j = 0; j < d; j++) {
    let mu = 0;
    for (let i = 0; i < n; i++) mu += data[i * d + j];
    mu /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j] - mu) ** 2;
    variance += ss / n;
  }
  const tol = (options.tol * variance) / d;
  let best: KMeansResult | null = null;
  for (let run = 0; run < options.nInit; run++) {
    const centers = kMeansPlusPlus(x, k, rng);
    const labels = new Int32Array(n);
    const previous = new Int32Array(n).fill(-1);
    const dist = new Float64Array(n);
    let iterations = 0;
    for (; iterations < options.maxIter; iterations++) {
      assign(x, centers, k, labels, dist);
      let same = true;
      for (let i = 0; i < n && same; i++) same = labels[i] === previous[i];
      if (same) break;
      previous.set(labels);
      if (update(x, k, labels, dist, centers) <= tol) {
        iterations++;
        break;
      }
    }
    const inertia = assign(x, centers, k, labels, dist);
    if (!best || inertia < best.inertia) best = { centers, labels, inertia, iterations };
  }
  return best!;
}
