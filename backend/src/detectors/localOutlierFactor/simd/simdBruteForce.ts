import type { Matrix } from '../../../core/matrix';
import { dot, squaredDistance } from '../../../core/rows';
import type { NeighborIndex, NeighborResult } from '../neighbors';
import { finishNeighbors, heapPush } from '../neighborsHeap';
import { CHUNK_QUERIES, GROUP_QUERIES, PANEL_ROWS, type CandidateScanner } from './candidateScanner';

/**
 * Blocks start small and double up to the scanner's block size: each block then holds about as many
 * rows as all before it, so a query's running threshold admits only about k rows per block.
 */
const FIRST_BLOCK_ROWS = 32;
const UNIT_ROUNDOFF_F32 = 2 ** -24;

/**
 * Exact brute-force k-NN with a WebAssembly SIMD filter. The kernel computes float32 approximations of
 * every squared distance and emits only rows that could still enter a query's heap; those get their
 * exact float64 distance (summed in column order) and are offered to scikit-learn's heap in row order,
 * as the plain brute force offers every row.
 *
 * Why the result is identical to the plain scan: with a = |q|, b = |x| and u = 2^-24, the float32 value
 * differs from the true squared distance by at most (d/2 + 4.01)·u·(a + b)² (input rounding 4u·ab, the
 * dot product γ_d·2ab, the two norms u(a² + b²), the two final additions 2u(a + b)²); errorBound uses
 * (d + 8)·u·(a + b)², twice that. A block's threshold is the heap's root when the block starts plus
 * the error bound for the block's largest norm; the root only falls during the block, so any row the
 * kernel drops has an exact distance above the root at its turn and the heap would refuse it anyway.
 */
export class SimdBruteForce implements NeighborIndex {
  private readonly rowNorm: Float64Array;
  private readonly blocks: { panelStart: number; panelEnd: number; maxNorm: number }[] = [];
  private readonly errorScale: number;

  constructor(
    private readonly x: Matrix,
    private readonly scanner: CandidateScanner,
  ) {
    const { rows: n, cols: d } = x;
    this.errorScale = (d + 8) * UNIT_ROUNDOFF_F32;
    this.rowNorm = scanner.squaredNorms.map(Math.sqrt);
    let row = 0;
    let size = Math.min(FIRST_BLOCK_ROWS, scanner.blockRows);
    while (row < n) {
      const end = Math.min(n, row + size);
      let maxNorm = 0;
      for (let i = row; i < end; i++) maxNorm = Math.max(maxNorm, this.rowNorm[i]);
      this.blocks.push({ panelStart: row / PANEL_ROWS, panelEnd: Math.ceil(end / PANEL_ROWS), maxNorm });
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
    const queryNorm = new Float64Array(CHUNK_QUERIES);
    for (let first = 0; first < queries.rows; first += CHUNK_QUERIES) {
      const count = Math.min(CHUNK_QUERIES, queries.rows - first);
      this.loadChunk(queries, first, count, queryNorm);
      this.scanChunk(queries, first, count, k, queryNorm, distances, indices);
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
      const norm2 = dot(queries.data, offset, queries.data, offset, d);
      groups[base + GROUP_QUERIES * d + lane] = norm2;
      queryNorm[local] = Math.sqrt(norm2);
    }
  }

  /** Every block for every group of the chunk: set thresholds, scan, offer the emitted rows exactly. */
  private scanChunk(
    queries: Matrix,
    first: number,
    count: number,
    k: number,
    queryNorm: Float64Array,
    distances: Float64Array,
    indices: Int32Array,
  ): void {
    const { data, cols: d } = this.x;
    const scanner = this.scanner;
    const { groups, groupFloats, outInts, outFloats } = scanner;
    const thresholdAt = GROUP_QUERIES * d + GROUP_QUERIES;
    const groupCount = Math.ceil(count / GROUP_QUERIES);
    const scale = this.errorScale;
    const rowNorm = this.rowNorm;
    for (const block of this.blocks) {
      for (let g = 0; g < groupCount; g++) {
        for (let lane = 0; lane < GROUP_QUERIES; lane++) {
          const local = g * GROUP_QUERIES + lane;
          if (local >= count) continue;
          const reach = queryNorm[local] + block.maxNorm;
          const root = distances[(first + local) * k];
          groups[g * groupFloats + thresholdAt + lane] = roundUpToFloat32(root + scale * reach * reach);
        }
        const found = scanner.scan(g, block.panelStart, block.panelEnd);
        for (let e = 0; e < found; e++) {
          const row = outInts[3 * e];
          const local = g * GROUP_QUERIES + outInts[3 * e + 1];
          const heap = (first + local) * k;
          const reach = queryNorm[local] + rowNorm[row];
          if (outFloats[3 * e + 2] - scale * reach * reach >= distances[heap]) continue;
          const exact = squaredDistance(queries.data, (first + local) * d, data, row * d, d);
          heapPush(distances, indices, heap, k, exact, row);
        }
      }
    }
  }
}

/** A float32 not below `value` (for value ≥ 0): a threshold must never round down. */
function roundUpToFloat32(value: number): number {
  return Math.fround(value * (1 + 2 ** -22));
}
