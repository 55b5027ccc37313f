import type { Matrix } from '../../core/matrix';
import { dot, powi, type KernelSpec } from './kernel';
import { fastExp } from './fastExp';
import { KernelCache } from './kernelCache';

/** Below this exponent exp() rounds to 0 in float32 (2^-150 ≈ e^-103.97), so it need not be computed. */
const FLOAT32_EXP_UNDERFLOW = -104.5;

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

  constructor(
    data: Matrix,
    private readonly spec: KernelSpec,
    cacheBytes: number,
  ) {
    const { rows, cols } = data;
    this.d = cols;
    this.x = Float64Array.from(data.data);
    this.squaredNorms = new Float64Array(rows);
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
    for (let j = 0; j < b0; j++) {
      const source = this.cache.peek(j, b1);
      for (const t of fresh) {
        if (source !== null) columns[t][j] = source[b0 + t];
        else this.fill(b0 + t, columns[t], j, j + 1);
      }
    }
    for (const t of fresh) this.fill(b0 + t, columns[t], b0, l);
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
    const { x, d, squaredNorms } = this;
    const negGamma = -this.spec.gamma;
    const base = i * d;
    const normI = squaredNorms[i];
    // Row i's first four values live in locals; the sum runs left to right as a plain loop would.
    const a0 = x[base];
    const a1 = d > 1 ? x[base + 1] : 0;
    const a2 = d > 2 ? x[base + 2] : 0;
    const a3 = d > 3 ? x[base + 3] : 0;
    for (let j = start, row = start * d; j < end; j++, row += d) {
      let product: number;
      if (d >= 4) {
        product = a0 * x[row];
        product += a1 * x[row + 1];
        product += a2 * x[row + 2];
        product += a3 * x[row + 3];
        for (let k = 4; k < d; k++) product += x[base + k] * x[row + k];
      } else {
        product = 0;
        for (let k = 0; k < d; k++) product += x[base + k] * x[row + k];
      }
      const exponent = negGamma * (normI + squaredNorms[j] - 2 * product);
      out[j] = exponent < FLOAT32_EXP_UNDERFLOW ? 0 : fastExp(exponent);
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
