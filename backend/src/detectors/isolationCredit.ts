import type { Matrix } from '../core/matrix';
import { averagePathLength } from './averagePathLength';

/**
 * An isolation forest as flat arrays, all trees concatenated. A node sends x[feature] <= threshold
 * to node `child` and the rest to `child + 1`; a leaf points to itself, and its `pathLength` is its
 * depth + c(training rows in the leaf).
 */
export interface ForestArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly child: Int32Array;
  readonly pathLength: Float64Array;
  readonly roots: Int32Array;
  readonly depth: Int32Array;
}

/** The n in 1..psi whose c(n) is nearest `target` (c is strictly increasing, steps ≥ 2/psi apart). */
function leafRows(target: number, psi: number): number {
  let lo = 1;
  let hi = Math.max(1, psi);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (averagePathLength(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 1 && target - averagePathLength(lo - 1) < averagePathLength(lo) - target) return lo - 1;
  return lo;
}

/**
 * Training rows under every node. The files keep no node sizes, but each leaf's path length is its
 * depth + c(rows in it), and c is invertible on whole numbers; an inner node holds its two children's.
 */
export function nodeSizes(forest: ForestArrays, psi: number): Float64Array {
  const { child, pathLength, roots } = forest;
  const sizes = new Float64Array(child.length);
  const depthOf = new Int32Array(child.length);
  for (let t = 0; t < roots.length; t++) {
    // children sit after their parent in the flat arrays: fill depths forward, sizes backward
    const end = t + 1 < roots.length ? roots[t + 1] : child.length;
    for (let n = roots[t]; n < end; n++) {
      if (child[n] !== n) depthOf[child[n]] = depthOf[child[n] + 1] = depthOf[n] + 1;
    }
    for (let n = end - 1; n >= roots[t]; n--) {
      sizes[n] =
        child[n] === n ? leafRows(pathLength[n] - depthOf[n], psi) : sizes[child[n]] + sizes[child[n] + 1];
    }
  }
  return sizes;
}

/**
 * Isolation credit, in bits: along a row's path in each tree, a split on feature f that takes the
 * row from a node of n training rows into a child of m rows isolates it by log2(n / m) bits, credited
 * to f; averaged over the trees. A row that one feature sets apart from the training mass collects
 * many bits on that feature's splits (few rows share its side), while splits on its ordinary
 * features halve the crowd, about one bit each. The bits of a path add up to log2(ψ / leaf rows), the
 * depth the forest's score is made of.
 */
export function isolationCredits(forest: ForestArrays, sizes: Float64Array, x: Matrix): Float64Array {
  const { feature, threshold, child, roots, depth } = forest;
  const { data, rows, cols } = x;
  const out = new Float64Array(rows * cols);
  const perTree = 1 / roots.length;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let t = 0; t < roots.length; t++) {
      let n = roots[t];
      for (let d = 0; d < depth[t] && child[n] !== n; d++) {
        const f = feature[n];
        const next = child[n] + +(data[base + f] > threshold[n]);
        out[base + f] += Math.log2(sizes[n] / sizes[next]) * perTree;
        n = next;
      }
    }
  }
  return out;
}
