import { z } from 'zod';
import type { DetectorFactory } from './detector';
import { fitTailModel, TailProbabilityDetector } from './tailProbability';

/**
 * ECOD (Li et al., TKDE 2022) as PyOD implements it: per feature −log of the empirical left/right tail
 * probabilities, the skewness-selected tail, summed (see tailProbability.ts). PyOD's ECOD and COPOD
 * share that formula; ECOD counts a feature that was constant in training as symmetric (both tails).
 */
export const ecodFactory: DetectorFactory = {
  info: {
    backend: 'ecod',
    name: 'ECOD',
    description:
      'ECOD: empirical-CDF outlier detection; sums per-feature tail probabilities (parameter-free)',
    category: 'fast',
    speed: 'fast',
    memory: 'low',
    is_legacy: false,
    best_for: 'fast, interpretable baseline on tabular data; anomalies extreme in one or more features',
    parameters: {},
  },
  params: z.object({}).strict(),
  fit(x) {
    return new TailProbabilityDetector(fitTailModel(x), 'both-tails', x);
  },
  restore(state) {
    return TailProbabilityDetector.restore(state, 'both-tails');
  },
};
