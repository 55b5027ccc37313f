import { mean, percentileSorted, populationStd, sortedCopy } from './stats';

export const NORMALIZATIONS = ['standardization', 'zscore', 'raw'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** Statistics of the training rows' raw scores; enough to apply any normalization later. */
export interface ScoreStats {
  readonly median: number;
  readonly iqr: number;
  readonly mean: number;
  readonly std: number;
}

export type Thresholds = Record<Normalization, number>;

/** Used only when a model carries no learned threshold (never after a fit). */
export const DEFAULT_THRESHOLDS: Thresholds = { standardization: 0.5, zscore: 2.0, raw: 0.0 };

/** Contract: iqr falls back to std, then 1; std falls back to 1. */
export function scoreStats(trainRaw: ArrayLike<number>): ScoreStats {
  const sorted = sortedCopy(trainRaw);
  const mu = mean(sorted);
  const rawStd = populationStd(sorted, mu);
  let iqr = percentileSorted(sorted, 75) - percentileSorted(sorted, 25);
  if (iqr === 0) iqr = rawStd !== 0 ? rawStd : 1;
  return { median: percentileSorted(sorted, 50), iqr, mean: mu, std: rawStd === 0 ? 1 : rawStd };
}

export function normalizeOne(raw: number, method: Normalization, stats: ScoreStats): number {
  switch (method) {
    case 'standardization': {
      const z = Math.min(700, Math.max(-700, (raw - stats.median) / (2 * stats.iqr)));
      return 1 / (1 + Math.exp(-z));
    }
    case 'zscore':
      return (raw - stats.mean) / stats.std;
    case 'raw':
      return raw;
  }
}

export function normalize(raw: ArrayLike<number>, method: Normalization, stats: ScoreStats): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = normalizeOne(raw[i], method, stats);
  return out;
}

/** The score above which `contamination` of the training rows lie, for every normalization. */
export function learnedThresholds(
  trainRaw: ArrayLike<number>,
  stats: ScoreStats,
  contamination: number,
): Thresholds {
  const q = 100 * (1 - contamination);
  const at = (method: Normalization): number =>
    percentileSorted(normalize(trainRaw, method, stats).sort(), q);
  return { standardization: at('standardization'), zscore: at('zscore'), raw: at('raw') };
}
