import { z } from 'zod';
import { InvalidInputError } from '../../core/errors';
import type { Matrix } from '../../core/matrix';
import { Rng } from '../../core/rng';
import { percentile } from '../../core/stats';
import type { Detector, DetectorFactory, DetectorState } from '../detector';
import { chiSquareIsf } from './chiSquare';
import { empiricalGaussian, squaredMahalanobis, symmetricPseudoInverse } from './covariance';
import { fastMcd } from './fastMcd';

const paramsSchema = z
  .object({
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

interface SavedParams {
  random_state: number;
  cols: number;
}

/** Score: squared Mahalanobis distance to the reweighted MCD location under its precision (PyOD's MCD). */
class Mcd implements Detector {
  constructor(
    private readonly location: Float64Array,
    private readonly precision: Float64Array,
    private readonly saved: SavedParams,
    readonly fitInfo: Record<string, unknown> = {},
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    return squaredMahalanobis(x, this.location, this.precision);
  }

  state(): DetectorState {
    return { params: { ...this.saved }, arrays: { location: this.location, precision: this.precision } };
  }
}

const DEGENERATE =
  'mcd cannot fit: the most concentrated half of the rows has zero spread (more than half the rows are identical); use another backend';

/**
 * MinCovDet as scikit-learn fits it (PyOD's MCD wraps it): raw FastMCD estimate; consistency
 * correction of its distances by median(d²) / χ²_d(0.5) (Rousseeuw & Van Driessen 1999, §3 and
 * Croux & Haesbroeck 1999); reweighting: mean and ML covariance of the rows whose corrected
 * d² < χ²_d(0.975); the precision is that covariance's pseudo-inverse.
 */
function fit(x: Matrix, params: z.infer<typeof paramsSchema>): Mcd {
  const d = x.cols;
  const { estimate, h } = fastMcd(x, new Rng(params.random_state));
  const spread = estimate.covariance.some((v) => Math.abs(v) > 1e-8);
  const correction = percentile(estimate.dist, 50) / chiSquareIsf(d, 0.5);
  if ((!spread && h < x.rows) || !(correction > 0) || !Number.isFinite(correction)) {
    throw new InvalidInputError(DEGENERATE);
  }
  const cutoff = chiSquareIsf(d, 0.025);
  const kept: number[] = [];
  estimate.dist.forEach((v, i) => {
    if (v / correction < cutoff) kept.push(i);
  });
  const { location, covariance } = empiricalGaussian(x, kept);
  const precision = symmetricPseudoInverse(covariance, d);
  const fitInfo = {
    support_size: h,
    reweighted_support_size: kept.length,
    consistency_correction: correction,
  };
  return new Mcd(location, precision, { random_state: params.random_state, cols: d }, fitInfo);
}

export const mcdFactory: DetectorFactory = {
  info: {
    backend: 'mcd',
    name: 'MCD',
    description:
      'MCD: Minimum Covariance Determinant. Robust covariance estimation; scores the squared Mahalanobis distance to the robust centre',
    category: 'distance',
    speed: 'medium',
    memory: 'medium',
    is_legacy: false,
    best_for: 'multivariate Gaussian-like data; correlated features',
    parameters: {
      random_state: 'seed of the random initial subsets of FastMCD (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params));
  },
  restore(state) {
    const saved = state.params as unknown as SavedParams;
    const { location, precision } = state.arrays as { location: Float64Array; precision: Float64Array };
    return new Mcd(location, precision, saved);
  },
};
