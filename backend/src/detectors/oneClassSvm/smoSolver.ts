import { FREE, LOWER, UPPER } from './alphaStatus';
import { addToGbar, updateGradient, updateGradientAndGbar } from './gradientUpdate';
import { initialGradient } from './initialGradient';
import type { KernelMatrix } from './kernelMatrix';
import { SortedIndexSet } from './sortedIndexSet';

/** libsvm's TAU: the curvature used when a pair's quadratic coefficient is not positive. */
const TAU = 1e-12;

export interface SolverOptions {
  readonly nu: number;
  /** Stopping tolerance on the maximal KKT violation (libsvm's eps, scikit-learn's tol). */
  readonly eps: number;
  readonly shrinking: boolean;
  /** -1 = no limit (scikit-learn's default). */
  readonly maxIter: number;
}

export interface SolverResult {
  /** Dual coefficients in the original row order; they sum to nu * l. */
  readonly alpha: Float64Array;
  readonly rho: number;
  readonly iterations: number;
  readonly reachedMaxIter: boolean;
}

/** libsvm's solve_one_class start: the first floor(nu*l) alphas at 1, the next one the remainder. */
function initialAlpha(l: number, nu: number): Float64Array {
  const alpha = new Float64Array(l);
  let nuL = 0;
  for (let i = 0; i < l; i++) nuL += nu; // C_i * nu with unit sample weights, accumulated as libsvm does
  for (let i = 0; nuL > 0 && i < l; i++) {
    alpha[i] = Math.min(1, nuL);
    nuL -= alpha[i];
  }
  return alpha;
}

/**
 * The SMO solver of libsvm (Fan, Chen & Lin 2005: second-order working-set selection, shrinking,
 * gradient reconstruction) specialised to the one-class dual
 *   min ½ αᵀQα  s.t.  0 ≤ α_i ≤ 1,  Σα_i = ν·l,
 * following libsvm's Solver step for step (same order of operations and tie-breaking) so the
 * solution matches scikit-learn's OneClassSVM, not merely another point within the tolerance.
 */
export class OneClassSmoSolver {
  private readonly l: number;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  private readonly G: Float64Array;
  /** The gradient part owed to variables at the upper bound (C_i = 1), kept for unshrinking. */
  private readonly Gbar: Float64Array;
  private readonly activeSet: Int32Array;
  private activeSize: number;
  private unshrink = false;
  /**
   * WSS3's first pick (i = argmax −G over variables that can grow) for the next selection, found
   * during the gradient update that precedes it; valid until shrinking changes the active set.
   */
  private nextGrow = -1;
  private nextGrowGmax = -Infinity;
  private nextGrowValid = false;
  /**
   * The active variables off the lower bound (those that can shrink: WSS3's second pick), in index
   * order, kept in step with the statuses; rebuilt after shrinking changes the active set.
   */
  private readonly canShrink: SortedIndexSet;
  private canShrinkValid = false;
  private readonly QD: Float64Array;

  constructor(
    private readonly Q: KernelMatrix,
    private readonly options: SolverOptions,
  ) {
    const l = Q.diagonal.length;
    this.l = l;
    this.QD = Q.diagonal;
    this.alpha = initialAlpha(l, options.nu);
    this.status = new Uint8Array(l);
    for (let i = 0; i < l; i++) this.updateStatus(i);
    this.activeSet = Int32Array.from({ length: l }, (_, i) => i);
    this.canShrink = new SortedIndexSet(l);
    this.activeSize = l;
    this.G = new Float64Array(l);
    this.Gbar = new Float64Array(l);
  }

  solve(): SolverResult {
    const { l, alpha, Q, options } = this;
    // The initial alphas are positive on a prefix of the rows (at the upper bound but for the last).
    let upper = 0;
    while (upper < l && this.status[upper] === UPPER) upper++;
    let positive = upper;
    while (positive < l && this.status[positive] !== LOWER) positive++;
    initialGradient(Q, alpha, upper, positive, this.G, this.Gbar);

    let iter = 0;
    let counter = Math.min(l, 1000) + 1;
    let reachedMaxIter = false;
    const pair = new Int32Array(2);
    for (;;) {
      if (options.maxIter !== -1 && iter >= options.maxIter) {
        reachedMaxIter = true;
        break;
      }
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (options.shrinking) this.shrink();
      }
      if (!this.selectWorkingSet(pair)) {
        this.reconstructGradient();
        this.activeSize = l;
        if (!this.selectWorkingSet(pair)) break;
        counter = 1; // shrink at the next iteration
      }
      iter++;
      this.updatePair(pair[0], pair[1]);
    }

    const rho = this.calculateRho();
    const out = new Float64Array(l);
    for (let i = 0; i < l; i++) out[this.activeSet[i]] = alpha[i];
    return { alpha: out, rho, iterations: iter, reachedMaxIter };
  }

  private updateStatus(i: number): void {
    const a = this.alpha[i];
    this.status[i] = a >= 1 ? UPPER : a <= 0 ? LOWER : FREE;
  }

  /** The two-variable step on (i, j) with Σα fixed (libsvm's y_i == y_j branch), then G and Gbar. */
  private updatePair(i: number, j: number): void {
    const { alpha, G, Q, QD, activeSize } = this;
    const Qi = Q.column(i, activeSize);
    const Qj = Q.column(j, activeSize);
    const oldI = alpha[i];
    const oldJ = alpha[j];
    let quad = QD[i] + QD[j] - 2 * Qi[j];
    if (quad <= 0) quad = TAU;
    const delta = (G[i] - G[j]) / quad;
    const sum = alpha[i] + alpha[j];
    alpha[i] -= delta;
    alpha[j] += delta;
    if (sum > 1) {
      if (alpha[i] > 1) {
        alpha[i] = 1;
        alpha[j] = sum - 1;
      }
    } else if (alpha[j] < 0) {
      alpha[j] = 0;
      alpha[i] = sum;
    }
    if (sum > 1) {
      if (alpha[j] > 1) {
        alpha[j] = 1;
        alpha[i] = sum - 1;
      }
    } else if (alpha[i] < 0) {
      alpha[i] = 0;
      alpha[j] = sum;
    }

    const dI = alpha[i] - oldI;
    const dJ = alpha[j] - oldJ;
    const { status } = this;
    const wasUpperI = status[i] === UPPER;
    const wasUpperJ = status[j] === UPPER;
    const wasLowerI = status[i] === LOWER;
    const wasLowerJ = status[j] === LOWER;
    this.updateStatus(i);
    this.updateStatus(j);
    if (this.canShrinkValid) {
      this.keepCanShrink(i, wasLowerI);
      this.keepCanShrink(j, wasLowerJ);
    }
    // Gbar moves by ±Q_i (±Q_j) when i (j) reaches or leaves the upper bound.
    const sI = wasUpperI === (status[i] === UPPER) ? 0 : wasUpperI ? -1 : 1;
    const sJ = wasUpperJ === (status[j] === UPPER) ? 0 : wasUpperJ ? -1 : 1;
    let grow: number;
    if (sI === 0 && sJ === 0) {
      grow = updateGradient(G, status, Qi, Qj, dI, dJ, activeSize);
    } else {
      // Full-length columns for Gbar; growing one may move the other's storage, so fetch both anew.
      const { l } = this;
      const fullI = Q.column(i, sI !== 0 ? l : activeSize);
      const fullJ = Q.column(j, sJ !== 0 ? l : activeSize);
      grow = updateGradientAndGbar(G, this.Gbar, status, fullI, fullJ, dI, dJ, sI, sJ, activeSize);
      if (sI !== 0) addToGbar(this.Gbar, sI, fullI, activeSize, l);
      if (sJ !== 0) addToGbar(this.Gbar, sJ, fullJ, activeSize, l);
    }
    this.nextGrow = grow;
    this.nextGrowGmax = grow === -1 ? -Infinity : -G[grow];
    this.nextGrowValid = true;
  }

  private keepCanShrink(i: number, wasLower: boolean): void {
    const isLower = this.status[i] === LOWER;
    if (isLower === wasLower) return;
    if (isLower) this.canShrink.remove(i);
    else this.canShrink.insert(i);
  }

  private collectCanShrink(): void {
    const { status, activeSize, canShrink } = this;
    canShrink.clear();
    for (let t = 0; t < activeSize; t++) if (status[t] !== LOWER) canShrink.append(t);
    this.canShrinkValid = true;
  }

  /**
   * WSS3: i maximises -G over variables that can grow, j minimises the second-order objective
   * decrease among those that can shrink. Returns false when the KKT gap is below eps (optimal).
   */
  private selectWorkingSet(out: Int32Array): boolean {
    const { G, status, QD, activeSize } = this;
    let gmax = -Infinity;
    let gmax2 = -Infinity;
    let gmaxIdx = -1;
    let gminIdx = -1;
    let objDiffMin = Infinity;
    if (this.nextGrowValid) {
      gmax = this.nextGrowGmax;
      gmaxIdx = this.nextGrow;
      this.nextGrowValid = false;
    } else {
      for (let t = 0; t < activeSize; t++) {
        if (status[t] !== UPPER && -G[t] >= gmax) {
          gmax = -G[t];
          gmaxIdx = t;
        }
      }
    }
    const i = gmaxIdx;
    if (i !== -1) {
      const Qi = this.Q.column(i, activeSize);
      const QDi = QD[i];
      if (!this.canShrinkValid) this.collectCanShrink();
      const { items, size } = this.canShrink;
      for (let t = 0; t < size; t++) {
        const j = items[t];
        const gj = G[j];
        const gradDiff = gmax + gj;
        if (gj >= gmax2) gmax2 = gj;
        if (gradDiff > 0) {
          const quad = QDi + QD[j] - 2.0 * Qi[j];
          const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (objDiff <= objDiffMin) {
            gminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (gmax + gmax2 < this.options.eps || gminIdx === -1) return false;
    out[0] = gmaxIdx;
    out[1] = gminIdx;
    return true;
  }

  private beShrunk(i: number, gmax1: number, gmax2: number): boolean {
    const s = this.status[i];
    if (s === UPPER) return -this.G[i] > gmax1;
    if (s === LOWER) return this.G[i] > gmax2;
    return false;
  }

  private shrink(): void {
    const { G, status } = this;
    this.nextGrowValid = false;
    this.canShrinkValid = false;
    let gmax1 = -Infinity; // max { -G_i | i can grow }
    let gmax2 = -Infinity; // max { G_i | i can shrink }
    for (let i = 0; i < this.activeSize; i++) {
      if (status[i] !== UPPER && -G[i] >= gmax1) gmax1 = -G[i];
      if (status[i] !== LOWER && G[i] >= gmax2) gmax2 = G[i];
    }
    if (!this.unshrink && gmax1 + gmax2 <= this.options.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let i = 0; i < this.activeSize; i++) {
      if (!this.beShrunk(i, gmax1, gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > i) {
        if (!this.beShrunk(this.activeSize, gmax1, gmax2)) {
          this.swapIndex(i, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  private swapIndex(i: number, j: number): void {
    this.Q.swapIndex(i, j);
    swapF64(this.G, i, j);
    swapU8(this.status, i, j);
    swapF64(this.alpha, i, j);
    swapI32(this.activeSet, i, j);
    swapF64(this.Gbar, i, j);
  }

  /** Recomputes G for the shrunk variables from Gbar plus the free variables' contributions. */
  private reconstructGradient(): void {
    const { l, activeSize, G, Gbar, alpha, status, Q } = this;
    this.nextGrowValid = false;
    this.canShrinkValid = false;
    if (activeSize === l) return;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j];
    let nrFree = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
    // libsvm compares these as C ints; Math.imul keeps the same (wrapping) arithmetic for huge l.
    if (Math.imul(nrFree, l) > Math.imul(2 * activeSize, l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.column(i, activeSize);
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] += alpha[j] * Qi[j];
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.column(i, l);
        const ai = alpha[i];
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j];
      }
    }
  }

  /** rho: the mean gradient over free variables, else the midpoint of the bounds (libsvm). */
  private calculateRho(): number {
    const { G, status, activeSize } = this;
    let nrFree = 0;
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    for (let i = 0; i < activeSize; i++) {
      const g = G[i];
      if (status[i] === UPPER) lb = Math.max(lb, g);
      else if (status[i] === LOWER) ub = Math.min(ub, g);
      else {
        nrFree++;
        sumFree += g;
      }
    }
    return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  }
}

function swapF64(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function swapI32(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function swapU8(a: Uint8Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
