import type { Matrix } from '../../../core/matrix';
import { finishNeighbors } from '../bruteForce';
import { heapPush } from '../neighborsHeap';
import { squaredDistance, type NeighborIndex, type NeighborResult } from '../neighbors';
import { CandidateLists } from './candidateLists';
import { CHUNK_QUERIES, GROUP_QUERIES, PANEL_ROWS, type CandidateScanner } from './candidateScanner';

/**
 * Blocks start small and double up to the scanner's block size: each block then holds about as many
 * rows as all before it, so a query's running threshold admits only about k rows per block.
 */
const FIRST_BLOCK_ROWS = 32;
const UNIT_ROUNDOFF_F32 = 2 ** -24;

/**
 * Exact brute-force k-NN in two stages. A WebAssembly SIMD kernel computes float32 approximations of
 * every squared distance and keeps only rows that could still be among a query's k nearest; those
 * are re-ranked with exact float64 distances offered in row order to scikit-learn's heap, as the
 * plain brute force does.
 *
 * Why it is exact: with a = |q|, b = |x| and u = 2^-24, the float32 value differs from the true
 * squared distance by at most (d/2 + 4.01)·u·(a + b)² (input rounding 4u·ab, the dot product
 * γ_d·2ab, the two norms u(a² + b²) and the two final additions 2u(a + b)²); we use
 * errorBound = (d + 8)·u·(a + b)², twice that. Each query's threshold is the k-th smallest upper
 * bound (approximation + errorBound) seen so far plus the error bound for the block's largest
 * norm, so no row the exact heap would accept is ever dropped.
 */
export class SimdBruteForce implements NeighborIndex {
  private readonly rowNorm: Float64Array;
  private readonly blocks: { panelStart: number; panelEnd: number; maxNorm: number }[] = [];
  private readonly errorScale: number;

  constructor(
    private readonly x: Matrix,
    private readonly scanner: CandidateScanner,
  ) {
    const { data, rows: n, cols: d } = x;
    this.errorScale = (d + 8) * UNIT_ROUNDOFF_F32;
    this.rowNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) this.rowNorm[i] = Math.sqrt(squaredNorm(data, i * d, d));
    let row = 0;
    let size = Math.min(FIRST_BLOCK_ROWS, scanner.blockRows);
    while (row < n) {
      const end = Math.min(n, row + size);
      let maxNorm = 0;
      for (let i = row; i < end; i++) maxNorm = Math.max(maxNorm, this.rowNorm[i]);
      this.blocks.push({
        panelStart: row / PANEL_ROWS,
        panelEnd: Math.ceil(end / PANEL_ROWS),
        maxNorm,
      });
      row = end;
      size = Math.min(size * 2, scanner.blockRows);
    }
  }

  selfKNeighbors(k: number): NeighborResult {
    return this.kneighbors(this.x, k);
  }

  kneighbors(queries: Matrix, k: number): NeighborResult {
    const distances = new Float64Array(queries.rows * k).fill(Infinity);
    const indices = new Int32Array(queries.rows * k);
    const lists = new CandidateLists(CHUNK_QUERIES);
    const bounds = new Float64Array(CHUNK_QUERIES * k);
    const queryNorm = new Float64Array(CHUNK_QUERIES);
    for (let first = 0; first < queries.rows; first += CHUNK_QUERIES) {
      const count = Math.min(CHUNK_QUERIES, queries.rows - first);
      this.loadChunk(queries, first, count, queryNorm);
      lists.clear();
      bounds.fill(Infinity);
      this.gatherCandidates(count, k, queryNorm, bounds, lists);
      this.rerank(queries, first, count, k, queryNorm, lists, distances, indices);
    }
    return finishNeighbors(distances, indices, queries.rows, k);
  }

  /** Writes −2q and |q|² of queries [first, first + count) into the kernel's group window. */
  private loadChunk(queries: Matrix, first: number, count: number, queryNorm: Float64Array): void {
    const d = queries.cols;
    const { groups, groupFloats } = this.scanner;
    groups.fill(0);
    for (let local = 0; local < CHUNK_QUERIES; local++) {
      const base = Math.floor(local / GROUP_QUERIES) * groupFloats;
      const lane = local % GROUP_QUERIES;
      if (local >= count) {
        groups[base + GROUP_QUERIES * d + GROUP_QUERIES + lane] = -Infinity; // padding: never qualifies
        continue;
      }
      const offset = (first + local) * d;
      for (let j = 0; j < d; j++) groups[base + lane * d + j] = -2 * queries.data[offset + j];
      const norm2 = squaredNorm(queries.data, offset, d);
      groups[base + GROUP_QUERIES * d + lane] = norm2;
      queryNorm[local] = Math.sqrt(norm2);
    }
  }

  /** Stage one: every row that may be among each query's k nearest, with its float32 distance. */
  private gatherCandidates(
    count: number,
    k: number,
    queryNorm: Float64Array,
    bounds: Float64Array,
    lists: CandidateLists,
  ): void {
    const d = this.x.cols;
    const scanner = this.scanner;
    const { groups, groupFloats, outInts, outFloats } = scanner;
    const thresholdAt = GROUP_QUERIES * d + GROUP_QUERIES;
    const groupCount = Math.ceil(count / GROUP_QUERIES);
    const scale = this.errorScale;
    for (const block of this.blocks) {
      for (let g = 0; g < groupCount; g++) {
        for (let lane = 0; lane < GROUP_QUERIES; lane++) {
          const local = g * GROUP_QUERIES + lane;
          if (local >= count) continue;
          const reach = queryNorm[local] + block.maxNorm;
          groups[g * groupFloats + thresholdAt + lane] = roundUpToFloat32(
            bounds[local * k] + scale * reach * reach,
          );
        }
        const found = scanner.scan(g, block.panelStart, block.panelEnd);
        for (let e = 0; e < found; e++) {
          const row = outInts[3 * e];
          const local = g * GROUP_QUERIES + outInts[3 * e + 1];
          const approx = outFloats[3 * e + 2];
          lists.push(local, row, approx);
          const reach = queryNorm[local] + this.rowNorm[row];
          const upper = approx + scale * reach * reach;
          if (upper < bounds[local * k]) replaceMax(bounds, local * k, k, upper);
        }
      }
    }
  }

  /**
   * Stage two: exact distances offered to scikit-learn's heap in row order. Every row the heap would
   * accept at its turn was emitted (its exact distance is below the heap's root, which never exceeds
   * the running upper bound that set the threshold), so skipping the rest, and any candidate whose
   * lower bound already reaches the root, leaves the heap exactly as the full scan would — ties included.
   */
  private rerank(
    queries: Matrix,
    first: number,
    count: number,
    k: number,
    queryNorm: Float64Array,
    lists: CandidateLists,
    distances: Float64Array,
    indices: Int32Array,
  ): void {
    const { data, cols: d } = this.x;
    const scale = this.errorScale;
    const { rows, approximations, capacity, lengths } = lists;
    for (let local = 0; local < count; local++) {
      const qi = first + local;
      const heap = qi * k;
      const end = local * capacity + lengths[local];
      for (let c = local * capacity; c < end; c++) {
        const row = rows[c];
        const reach = queryNorm[local] + this.rowNorm[row];
        if (approximations[c] - scale * reach * reach >= distances[heap]) continue;
        const exact = squaredDistance(queries.data, qi * d, data, row * d, d);
        heapPush(distances, indices, heap, k, exact, row);
      }
    }
  }
}

function squaredNorm(data: Float64Array, offset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += data[offset + j] * data[offset + j];
  return sum;
}

/** A float32 not below `value` (for value ≥ 0): a threshold must never round down. */
function roundUpToFloat32(value: number): number {
  return Math.fround(value * (1 + 2 ** -22));
}

/** Replaces the root of the max-heap values[offset, offset + size) and sifts it down. */
function replaceMax(values: Float64Array, offset: number, size: number, value: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && values[offset + child + 1] > values[offset + child]) child++;
    if (values[offset + child] <= value) break;
    values[offset + i] = values[offset + child];
    i = child;
  }
  values[offset + i] = value;
}
