import { z } from 'zod';
import type { DetectorFactory } from './detector';
import { fitTailModel, TailProbabilityDetector } from './tailProbability';

/**
 * COPOD (Li et al., ICDM 2020) as PyOD implements it: −log empirical-copula tail probabilities per
 * feature, skewness-corrected and summed — PyOD's ECOD formula (see tailProbability.ts), except that a
 * feature constant in training (undefined skewness) is left out, as PyOD's NaN-skipping sum does.
 */
export const copodFactory: DetectorFactory = {
  info: {
    backend: 'copod',
    name: 'COPOD',
    description:
      'COPOD: copula-based outlier detection from per-feature empirical tail probabilities (parameter-free)',
    category: 'fast',
    speed: 'fast',
    memory: 'low',
    is_legacy: false,
    best_for: 'fast, interpretable baseline on tabular data; ignores features that were constant in training',
    parameters: {},
  },
  params: z.object({}).strict(),
  fit(x) {
    return new TailProbabilityDetector(fitTailModel(x), 'skip', x);
  },
  restore(state) {
    return TailProbabilityDetector.restore(state, 'skip');
  },
};
