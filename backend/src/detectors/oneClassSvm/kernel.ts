/** The kernels of libsvm (as scikit-learn's OneClassSVM uses them), on rows of flat row-major arrays. */
import { dot, squaredDistance } from '../../core/rows';

export type KernelType = 'rbf' | 'linear' | 'poly' | 'sigmoid';

export interface KernelSpec {
  readonly type: KernelType;
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
}

/** libsvm's `powi`: base^times by repeated squaring (not Math.pow, to round the same way). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1.0;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/**
 * k(x, y) as libsvm's `k_function` computes it at prediction time: the rbf kernel sums squared
 * differences directly (training uses squared norms instead, see KernelMatrix).
 */
export function kernelValue(
  spec: KernelSpec,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  d: number,
): number {
  switch (spec.type) {
    case 'rbf':
      return Math.exp(-spec.gamma * squaredDistance(a, aOffset, b, bOffset, d));
    case 'linear':
      return dot(a, aOffset, b, bOffset, d);
    case 'poly':
      return powi(spec.gamma * dot(a, aOffset, b, bOffset, d) + spec.coef0, spec.degree);
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot(a, aOffset, b, bOffset, d) + spec.coef0);
  }
}
