import type { Matrix } from '../../core/matrix';
import { numpyVariance } from '../../core/numpySum';

export type GammaSpec = 'scale' | 'auto' | number;

/**
 * scikit-learn's kernel coefficient: 'scale' = 1 / (d · X.var()) with the variance over every entry
 * of the (scaled) training matrix, 1 when that variance is 0; 'auto' = 1 / d; a number as given.
 */
export function resolveGamma(spec: GammaSpec, x: Matrix): number {
  if (typeof spec === 'number') return spec;
  if (spec === 'auto') return 1 / x.cols;
  const variance = numpyVariance(x.data);
  return variance !== 0 ? 1 / (x.cols * variance) : 1;
}
