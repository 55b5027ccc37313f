import type { Matrix } from '../core/matrix';
import type { Detector } from '../detectors/detector';
import type { FeatureGroup } from './featureGroups';
import { medianReplacement } from './medianReplacement';

/** Each explained row's contribution per feature (rows × groups, row-major) and how it was obtained. */
export interface Attribution {
  readonly values: Float64Array;
  /** The detector's exact method (e.g. 'tail_probability_terms'), or 'median_replacement'. */
  readonly method: string;
  readonly exact: boolean;
}

export const MODEL_AGNOSTIC_METHOD = 'median_replacement';

/**
 * Contributions of every feature to each row of `scaled` (robust-scaled rows): the detector's own
 * exact account when it offers one (Detector.explainFeatures, summed over a feature's encoded
 * columns), else median replacement.
 */
export function attribute(detector: Detector, scaled: Matrix, groups: readonly FeatureGroup[]): Attribution {
  if (!detector.explainFeatures) {
    return {
      values: medianReplacement(detector, scaled, groups),
      method: MODEL_AGNOSTIC_METHOD,
      exact: false,
    };
  }
  const { values: perColumn, method } = detector.explainFeatures(scaled);
  const values = new Float64Array(scaled.rows * groups.length);
  for (let i = 0; i < scaled.rows; i++) {
    groups.forEach((g, k) => {
      let sum = 0;
      for (let c = g.start; c < g.start + g.width; c++) sum += perColumn[i * scaled.cols + c];
      values[i * groups.length + k] = sum;
    });
  }
  return { values, method, exact: true };
}
