import type { Matrix } from '../../core/matrix';
import type { DetectorArray } from '../detector';
import { finishNeighbors, heapPush } from './neighborsHeap';
import { squaredDistance } from '../../core/rows';
import type { NeighborIndex, NeighborResult } from './neighbors';
import { nthElement } from './nthElement';

/**
 * scikit-learn's KDTree, rebuilt node for node (sklearn/neighbors/_binary_tree.pxi, _kd_tree.pyx):
 * a complete binary tree over an index array, 2^levels − 1 nodes, each node split at the median of its
 * widest dimension (ties ordered by row index), leaves of leaf_size..2·leaf_size rows. Flat typed arrays
 * only: node i has children 2i+1 and 2i+2 and owns idx[start[i], end[i]); bounds hold per node the
 * lower then the upper corner of its bounding box.
 */
export interface KdTreeArrays {
  readonly idx: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly leaf: Uint8Array;
  readonly bounds: Float64Array; // node i: lower at [2i·d, 2i·d + d), upper at [(2i+1)·d, (2i+2)·d)
}

/** The tree's arrays under the names a detector's saved state uses (`treeIdx`, …); none without a tree. */
export function kdTreeStateArrays(tree: KdTreeArrays | null): Record<string, DetectorArray> {
  if (!tree) return {};
  const { idx, start, end, leaf, bounds } = tree;
  return { treeIdx: idx, treeStart: start, treeEnd: end, treeLeaf: leaf, treeBounds: bounds };
}

/** The inverse of kdTreeStateArrays: null when the state holds no tree (brute force). */
export function kdTreeFromState(arrays: Record<string, DetectorArray>): KdTreeArrays | null {
  if (!arrays.treeIdx) return null;
  return {
    idx: arrays.treeIdx as Int32Array,
    start: arrays.treeStart as Int32Array,
    end: arrays.treeEnd as Int32Array,
    leaf: arrays.treeLeaf as Uint8Array,
    bounds: arrays.treeBounds as Float64Array,
  };
}

export function buildKdTree(x: Matrix, leafSize: number): KdTreeArrays {
  const { data, rows: n, cols: d } = x;
  const levels = Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)) + 1);
  const nodes = 2 ** levels - 1;
  const tree: KdTreeArrays = {
    idx: Int32Array.from({ length: n }, (_, i) => i),
    start: new Int32Array(nodes),
    end: new Int32Array(nodes),
    leaf: new Uint8Array(nodes),
    bounds: new Float64Array(2 * nodes * d),
  };
  let splitDim = 0;
  const less = (a: number, b: number): boolean => {
    const va = data[a * d + splitDim];
    const vb = data[b * d + splitDim];
    return va === vb ? a < b : va < vb;
  };
  const build = (node: number, lo: number, hi: number): void => {
    initNode(tree, x, node, lo, hi);
    if (2 * node + 1 >= nodes || hi - lo < 2) {
      tree.leaf[node] = 1;
      return;
    }
    splitDim = widestDimension(x, tree.idx, lo, hi);
    const mid = Math.floor((hi - lo) / 2);
    nthElement(tree.idx, lo, lo + mid, hi, less);
    build(2 * node + 1, lo, lo + mid);
    build(2 * node + 2, lo + mid, hi);
  };
  build(0, 0, n);
  return tree;
}

function initNode(tree: KdTreeArrays, x: Matrix, node: number, lo: number, hi: number): void {
  const { data, cols: d } = x;
  const lower = 2 * node * d;
  const upper = lower + d;
  tree.start[node] = lo;
  tree.end[node] = hi;
  for (let j = 0; j < d; j++) {
    tree.bounds[lower + j] = Infinity;
    tree.bounds[upper + j] = -Infinity;
  }
  for (let i = lo; i < hi; i++) {
    const row = tree.idx[i] * d;
    for (let j = 0; j < d; j++) {
      const v = data[row + j];
      if (v < tree.bounds[lower + j]) tree.bounds[lower + j] = v;
      if (v > tree.bounds[upper + j]) tree.bounds[upper + j] = v;
    }
  }
}

/** The dimension of largest spread (max − min), the first one on ties, 0 when all are flat. */
function widestDimension(x: Matrix, idx: Int32Array, lo: number, hi: number): number {
  const { data, cols: d } = x;
  let best = 0;
  let bestSpread = 0;
  for (let j = 0; j < d; j++) {
    let max = data[idx[lo] * d + j];
    let min = max;
    for (let i = lo + 1; i < hi; i++) {
      const v = data[idx[i] * d + j];
      if (v > max) max = v;
      if (v < min) min = v;
    }
    if (max - min > bestSpread) {
      bestSpread = max - min;
      best = j;
    }
  }
  return best;
}

/** k-NN queries on a KdTreeArrays, depth-first, nearer child first, as scikit-learn's query(). */
export class KdTree implements NeighborIndex {
  /** The training rows in tree order (row idx[i] at position i): a leaf's rows are contiguous. */
  private readonly ordered: Float64Array;

  constructor(
    private readonly x: Matrix,
    readonly arrays: KdTreeArrays,
  ) {
    const d = x.cols;
    this.ordered = new Float64Array(x.data.length);
    arrays.idx.forEach((row, i) => this.ordered.set(x.data.subarray(row * d, (row + 1) * d), i * d));
  }

  selfKNeighbors(k: number): NeighborResult {
    return this.search(this.x, k, this.arrays.idx);
  }

  kneighbors(queries: Matrix, k: number): NeighborResult {
    return this.search(queries, k, this.leafOrder(queries));
  }

  /**
   * Queries in the order of the leaves they fall in: consecutive queries then visit the same nodes
   * and rows, which stay in cache. Each query's result does not depend on the order.
   */
  private leafOrder(queries: Matrix): Int32Array {
    const leafOf = new Int32Array(queries.rows);
    const { leaf } = this.arrays;
    for (let q = 0; q < queries.rows; q++) {
      let node = 0;
      while (leaf[node] === 0) {
        const left = 2 * node + 1;
        node =
          this.minRdist(left, queries.data, q * queries.cols) <=
          this.minRdist(left + 1, queries.data, q * queries.cols)
            ? left
            : left + 1;
      }
      leafOf[q] = node;
    }
    return Int32Array.from({ length: queries.rows }, (_, q) => q).sort(
      (a, b) => leafOf[a] - leafOf[b] || a - b,
    );
  }

  private search(queries: Matrix, k: number, order: Int32Array): NeighborResult {
    const distances = new Float64Array(queries.rows * k).fill(Infinity);
    const indices = new Int32Array(queries.rows * k);
    // Depth-first with an explicit stack: a node's farther child waits below its nearer one, and its
    // bound is checked against the heap only when popped, exactly when the recursion would check it.
    const depth = Math.ceil(Math.log2(this.arrays.leaf.length + 1)) + 1;
    const stackNode = new Int32Array(2 * depth);
    const stackBound = new Float64Array(2 * depth);
    for (const q of order) {
      const pt = q * queries.cols;
      const heap = q * k;
      let top = 0;
      stackNode[0] = 0;
      stackBound[0] = this.minRdist(0, queries.data, pt);
      while (top >= 0) {
        const node = stackNode[top];
        const bound = stackBound[top--];
        if (bound > distances[heap]) continue;
        if (this.arrays.leaf[node] === 1) {
          this.scanLeaf(node, queries.data, pt, distances, indices, heap, k);
          continue;
        }
        const left = 2 * node + 1;
        const lbLeft = this.minRdist(left, queries.data, pt);
        const lbRight = this.minRdist(left + 1, queries.data, pt);
        const nearLeft = lbLeft <= lbRight;
        stackNode[++top] = nearLeft ? left + 1 : left;
        stackBound[top] = nearLeft ? lbRight : lbLeft;
        stackNode[++top] = nearLeft ? left : left + 1;
        stackBound[top] = nearLeft ? lbLeft : lbRight;
      }
    }
    return finishNeighbors(distances, indices, queries.rows, k);
  }

  /**
   * Lower bound of the squared distance from the point to a node's box: scikit-learn's min_rdist
   * (p = 2) sums (½((lo−p) + |lo−p| + (p−hi) + |p−hi|))², which is exactly max(0, lo−p, p−hi)².
   */
  private minRdist(node: number, pt: Float64Array, offset: number): number {
    const { bounds } = this.arrays;
    const d = this.x.cols;
    const lower = 2 * node * d;
    const upper = lower + d;
    let rdist = 0;
    for (let j = 0; j < d; j++) {
      const p = pt[offset + j];
      const below = bounds[lower + j] - p;
      const above = p - bounds[upper + j];
      const gap = below > 0 ? below : above > 0 ? above : 0;
      rdist += gap * gap;
    }
    return rdist;
  }

  private scanLeaf(
    node: number,
    pt: Float64Array,
    offset: number,
    heapDist: Float64Array,
    heapIdx: Int32Array,
    heapOffset: number,
    k: number,
  ): void {
    const { idx, start, end } = this.arrays;
    const d = this.x.cols;
    const ordered = this.ordered;
    if (d < 4) {
      for (let i = start[node]; i < end[node]; i++) {
        const dist = squaredDistance(pt, offset, ordered, i * d, d);
        if (dist < heapDist[heapOffset]) heapPush(heapDist, heapIdx, heapOffset, k, dist, idx[i]);
      }
      return;
    }
    // The first four features in locals; summed left to right exactly as squaredDistance does.
    const p0 = pt[offset];
    const p1 = pt[offset + 1];
    const p2 = pt[offset + 2];
    const p3 = pt[offset + 3];
    let largest = heapDist[heapOffset];
    for (let i = start[node], row = start[node] * d; i < end[node]; i++, row += d) {
      const t0 = p0 - ordered[row];
      const t1 = p1 - ordered[row + 1];
      const t2 = p2 - ordered[row + 2];
      const t3 = p3 - ordered[row + 3];
      let dist = t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
      for (let j = 4; j < d; j++) {
        const t = pt[offset + j] - ordered[row + j];
        dist += t * t;
      }
      if (dist < largest) {
        heapPush(heapDist, heapIdx, heapOffset, k, dist, idx[i]);
        largest = heapDist[heapOffset];
      }
    }
  }
}
