import type { Matrix } from '../../core/matrix';
import { dot } from '../../core/rows';
import { powi, type KernelSpec } from './kernel';
import { expToFloat32 } from './fastExp';
import { ROW_PADDING, rbfExponents, rbfExponentsPair } from './rbfExponents';
import { KernelCache } from './kernelCache';

/** Source columns read per tile while copying the symmetric part of the initial columns. */
const SOURCE_TILE = 256;

/**
 * The one-class Q matrix, Q_ij = k(x_i, x_j), as libsvm's ONE_CLASS_Q serves it to the solver: columns
 * computed on demand in double precision, stored as float32 in an LRU cache. The solver permutes
 * indices while shrinking, so this keeps its own copy of the rows and permutes them in step.
 */
export class KernelMatrix {
  /** The diagonal k(x_i, x_i), in double precision. */
  readonly diagonal: Float64Array;
  private readonly x: Float64Array;
  private readonly squaredNorms: Float64Array;
  private readonly cache: KernelCache;
  private readonly d: number;
  /** Scratch for one column's rbf exponents (two for fillPair). */
  private readonly exponents: Float64Array;
  private readonly exponentsB: Float64Array;

  constructor(
    data: Matrix,
    private readonly spec: KernelSpec,
    cacheBytes: number,
  ) {
    // As int32s: a dimension that arrives as a heap double (say read from an array that also holds
    // fractions) would make V8 compile every index computation below in floating point.
    const rows = data.rows | 0;
    const cols = data.cols | 0;
    this.d = cols;
    // Zero rows past the end, which rbfExponents may read (and ignore).
    this.x = new Float64Array((rows + ROW_PADDING) * cols);
    this.x.set(data.data);
    this.exponents = new Float64Array(rows + ROW_PADDING);
    this.exponentsB = new Float64Array(rows + ROW_PADDING);
    this.squaredNorms = new Float64Array(rows + ROW_PADDING);
    for (let i = 0; i < rows; i++) this.squaredNorms[i] = dot(this.x, i * cols, this.x, i * cols, cols);
    this.cache = new KernelCache(rows, cacheBytes);
    this.diagonal = new Float64Array(rows);
    for (let i = 0; i < rows; i++) this.diagonal[i] = this.entry(i, i);
  }

  /** Column i for positions [0, len). */
  column(i: number, len: number): Float32Array {
    const { data, start } = this.cache.get(i, len);
    if (start < len) this.fill(i, data, start, len);
    return data;
  }

  /** How many full columns initialColumns() may hold at once without the cache evicting one of them. */
  initialBlockSize(): number {
    return Math.max(1, Math.min(64, this.cache.columnsThatFit(this.diagonal.length) - 1));
  }

  /**
   * Full-length columns b0..b1−1 before any shrinking. Q is symmetric and k(i, j) is computed bit for bit
   * as k(j, i), so the entries of rows below b0 are copied from those rows' cached columns (read a
   * cache line at a time) instead of evaluated: the block of initially positive variables costs half
   * its kernel evaluations.
   */
  initialColumns(b0: number, b1: number): Float32Array[] {
    const l = this.diagonal.length;
    const columns: Float32Array[] = [];
    const fresh: number[] = [];
    for (let i = b0; i < b1; i++) {
      const { data, start } = this.cache.get(i, l);
      columns.push(data);
      if (start === 0) fresh.push(i - b0);
    }
    if (fresh.length === 0) return columns;
    // Tile by tile of source rows, so the source entries read for one column stay in L1 for the next.
    const sources = new Array<Float32Array | null>(SOURCE_TILE).fill(null);
    for (let j0 = 0; j0 < b0; j0 += SOURCE_TILE) {
      const j1 = Math.min(b0, j0 + SOURCE_TILE);
      for (let j = j0; j < j1; j++) sources[j - j0] = this.cache.peek(j, b1);
      for (const t of fresh) {
        const column = columns[t];
        const at = b0 + t;
        for (let j = j0; j < j1; j++) {
          const source = sources[j - j0];
          if (source !== null) column[j] = source[at];
          else this.fill(at, column, j, j + 1);
        }
      }
    }
    for (let f = 0; f < fresh.length; f += 2) {
      const t = fresh[f];
      if (f + 1 === fresh.length) this.fill(b0 + t, columns[t], b0, l);
      else this.fillPair(b0 + t, b0 + fresh[f + 1], columns[t], columns[fresh[f + 1]], b0, l);
    }
    return columns;
  }

  swapIndex(i: number, j: number): void {
    this.cache.swapIndex(i, j);
    const { x, d } = this;
    for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
      const t = x[a];
      x[a] = x[b];
      x[b] = t;
    }
    swap(this.squaredNorms, i, j);
    swap(this.diagonal, i, j);
  }

  /** libsvm's kernel_function(i, j) for training (rbf through squared norms). */
  private entry(i: number, j: number): number {
    const { x, d, spec } = this;
    const product = dot(x, i * d, x, j * d, d);
    switch (spec.type) {
      case 'rbf':
        return Math.exp(-spec.gamma * (this.squaredNorms[i] + this.squaredNorms[j] - 2 * product));
      case 'linear':
        return product;
      case 'poly':
        return powi(spec.gamma * product + spec.coef0, spec.degree);
      case 'sigmoid':
        return Math.tanh(spec.gamma * product + spec.coef0);
    }
  }

  private fill(i: number, out: Float32Array, start: number, end: number): void {
    if (this.spec.type !== 'rbf') {
      for (let j = start; j < end; j++) out[j] = this.entry(i, j);
      return;
    }
    const { x, d, squaredNorms, exponents } = this;
    rbfExponents(x, d, squaredNorms, -this.spec.gamma, i, exponents, start, end);
    expToFloat32(exponents, out, start, end);
  }

  /** fill() for columns a and b over the same range, the rbf dot products computed together. */
  private fillPair(
    a: number,
    b: number,
    outA: Float32Array,
    outB: Float32Array,
    start: number,
    end: number,
  ): void {
    if (this.spec.type !== 'rbf') {
      this.fill(a, outA, start, end);
      this.fill(b, outB, start, end);
      return;
    }
    const { x, d, squaredNorms, exponents, exponentsB } = this;
    rbfExponentsPair(x, d, squaredNorms, -this.spec.gamma, a, b, exponents, exponentsB, start, end);
    expToFloat32(exponents, outA, start, end);
    expToFloat32(exponentsB, outB, start, end);
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
