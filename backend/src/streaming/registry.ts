import { CusumChart, DEFAULT_CUSUM_CONFIG, type CusumConfig } from './cusumChart';
import { deepMerge, type DeepPartial } from './deepMerge';
import { DEFAULT_ENSEMBLE_CONFIG, Ensemble, type EnsembleConfig } from './ensemble';
import { DEFAULT_EWMA_CONFIG, EwmaChart, type EwmaConfig } from './ewmaChart';
import { DEFAULT_HOLT_WINTERS_CONFIG, HoltWinters, type HoltWintersConfig } from './holtWinters';
import { DEFAULT_RANGE_CONFIG, RangeNovelty, type RangeNoveltyConfig } from './rangeNovelty';
import { DEFAULT_SEASONAL_CONFIG, SeasonalBaseline, type SeasonalBaselineConfig } from './seasonalBaseline';
import { DEFAULT_SHINGLE_FOREST_CONFIG, ShingleForest, type ShingleForestConfig } from './shingleForest';
import { LikelihoodScored } from './likelihoodScored';
import type { StreamingDetector } from './types';

/** The configuration type of each streaming detector, by registry name. */
export interface StreamingConfigs {
  ensemble: EnsembleConfig;
  seasonal: SeasonalBaselineConfig;
  ewma: EwmaConfig;
  cusum: CusumConfig;
  holt_winters: HoltWintersConfig;
  shingle_iforest: ShingleForestConfig;
  range: RangeNoveltyConfig;
}

export type StreamingDetectorName = keyof StreamingConfigs;

interface Entry<N extends StreamingDetectorName> {
  readonly description: string;
  readonly defaults: StreamingConfigs[N];
  readonly create: (config: StreamingConfigs[N]) => StreamingDetector;
}

const REGISTRY: { readonly [N in StreamingDetectorName]: Entry<N> } = {
  ensemble: {
    description: 'robust baselines + control charts + forecast, anomaly likelihood, range novelty (default)',
    defaults: DEFAULT_ENSEMBLE_CONFIG,
    create: (c) => new Ensemble(c),
  },
  seasonal: {
    description: 'median/MAD per seasonal slot with automatic daily/weekly/none period and spread floors',
    defaults: DEFAULT_SEASONAL_CONFIG,
    create: (c) => new SeasonalBaseline(c),
  },
  ewma: {
    description: 'EWMA control chart on deseasonalised residuals (level shifts)',
    defaults: DEFAULT_EWMA_CONFIG,
    create: (c) => new EwmaChart(c),
  },
  cusum: {
    description: 'two-sided CUSUM on deseasonalised residuals (gradual drift, sustained shifts)',
    defaults: DEFAULT_CUSUM_CONFIG,
    create: (c) => new CusumChart(c),
  },
  holt_winters: {
    description: 'robust damped Holt-Winters forecast with prediction band',
    defaults: DEFAULT_HOLT_WINTERS_CONFIG,
    create: (c) => new HoltWinters(c),
  },
  shingle_iforest: {
    description: 'isolation forest on shingled windows, refitted on a bounded recent buffer',
    defaults: DEFAULT_SHINGLE_FOREST_CONFIG,
    create: (c) => new ShingleForest(c),
  },
  range: {
    description: 'range novelty: value beyond the range seen so far (plus tolerance)',
    defaults: DEFAULT_RANGE_CONFIG,
    create: (c) => new RangeNovelty(c),
  },
};

export const DEFAULT_STREAMING_DETECTOR: StreamingDetectorName = 'ensemble';

export const STREAMING_DETECTOR_NAMES = Object.keys(REGISTRY) as StreamingDetectorName[];

export function isStreamingDetectorName(name: string): name is StreamingDetectorName {
  return Object.prototype.hasOwnProperty.call(REGISTRY, name);
}

/** Name and one-line description of every registered detector (for listings / docs). */
export function listStreamingDetectors(): { name: StreamingDetectorName; description: string }[] {
  return STREAMING_DETECTOR_NAMES.map((name) => ({ name, description: REGISTRY[name].description }));
}

export function streamingDefaults<N extends StreamingDetectorName>(name: N): StreamingConfigs[N] {
  return REGISTRY[name].defaults;
}

export interface CreateOptions {
  /**
   * Post-process the detector's deviations with the anomaly likelihood (see LikelihoodScored).
   * The ensemble already does this internally per member.
   */
  readonly likelihood?: boolean;
}

/**
 * A fresh detector by name; `overrides` is merged into the defaults (unknown keys throw). Each call
 * returns independent state, one detector per series.
 */
export function createStreamingDetector<N extends StreamingDetectorName>(
  name: N,
  overrides?: DeepPartial<StreamingConfigs[N]>,
  options: CreateOptions = {},
): StreamingDetector {
  const entry = REGISTRY[name] as Entry<N> | undefined;
  if (entry === undefined) throw new Error(`unknown streaming detector "${String(name)}"`);
  const detector = entry.create(deepMerge(entry.defaults, overrides));
  return options.likelihood === true ? new LikelihoodScored(detector) : detector;
}
