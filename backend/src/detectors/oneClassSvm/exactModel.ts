import type { Matrix } from '../../core/matrix';
import { fastExp } from './fastExp';
import { kernelValue, type KernelSpec } from './kernel';
import { KernelMatrix } from './kernelMatrix';
import { OneClassSmoSolver } from './smoSolver';

/** A fitted kernel expansion: decision(x) = Σ_s coef_s · k(sv_s, x) − rho (libsvm's predict_values). */
export interface SupportVectorModel {
  readonly supportVectors: Float64Array; // nSV × d, in training-row order
  readonly dualCoef: Float64Array;
  readonly rho: number;
  readonly cols: number;
}

export interface ExactFitOptions {
  readonly nu: number;
  readonly tol: number;
  readonly cacheSizeMb: number;
  readonly shrinking: boolean;
  readonly maxIter: number;
}

export interface ExactFit {
  readonly model: SupportVectorModel;
  readonly iterations: number;
  readonly reachedMaxIter: boolean;
}

/** libsvm's svm_train for ONE_CLASS: solve the dual, keep the rows with α > 0 as support vectors. */
export function fitExact(x: Matrix, spec: KernelSpec, options: ExactFitOptions): ExactFit {
  const Q = new KernelMatrix(x, spec, options.cacheSizeMb * 1024 * 1024);
  const solver = new OneClassSmoSolver(Q, {
    nu: options.nu,
    eps: options.tol,
    shrinking: options.shrinking,
    maxIter: options.maxIter,
  });
  const { alpha, rho, iterations, reachedMaxIter } = solver.solve();
  const d = x.cols;
  let nSV = 0;
  for (let i = 0; i < alpha.length; i++) if (Math.abs(alpha[i]) > 0) nSV++;
  const supportVectors = new Float64Array(nSV * d);
  const dualCoef = new Float64Array(nSV);
  for (let i = 0, s = 0; i < alpha.length; i++) {
    if (!(Math.abs(alpha[i]) > 0)) continue;
    supportVectors.set(x.data.subarray(i * d, (i + 1) * d), s * d);
    dualCoef[s++] = alpha[i];
  }
  return { model: { supportVectors, dualCoef, rho, cols: d }, iterations, reachedMaxIter };
}

/** decision(x) per row, summing support vectors in order as libsvm does. */
export function decisionFunction(model: SupportVectorModel, spec: KernelSpec, x: Matrix): Float64Array {
  const { supportVectors, dualCoef, rho, cols: d } = model;
  const nSV = dualCoef.length;
  const out = new Float64Array(x.rows);
  if (spec.type === 'rbf') {
    const negGamma = -spec.gamma;
    for (let i = 0; i < x.rows; i++) {
      const base = i * d;
      let sum = 0;
      for (let s = 0, sv = 0; s < nSV; s++, sv += d) {
        let dist = 0;
        for (let k = 0; k < d; k++) {
          const diff = x.data[base + k] - supportVectors[sv + k];
          dist += diff * diff;
        }
        sum += dualCoef[s] * fastExp(negGamma * dist);
      }
      out[i] = sum - rho;
    }
    return out;
  }
  for (let i = 0; i < x.rows; i++) {
    let sum = 0;
    for (let s = 0; s < nSV; s++)
      sum += dualCoef[s] * kernelValue(spec, x.data, i * d, supportVectors, s * d, d);
    out[i] = sum - rho;
  }
  return out;
}
