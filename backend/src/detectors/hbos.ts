import { z } from 'zod';
import type { Matrix } from '../core/matrix';
import type { Detector, DetectorFactory, DetectorState, FeatureContributions } from './detector';
import { edgesAtOrBelow, fillEqualWidthEdges } from './histogramEdges';

const paramsSchema = z
  .object({
    n_bins: z.number().int().min(2).max(10_000).default(10),
    alpha: z.number().gt(0).lt(1).default(0.1),
    tol: z.number().gt(0).lt(1).default(0.5),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

/**
 * Per feature: the n_bins + 1 edges of a static equal-width histogram (numpy's np.histogram) and
 * log2(density + alpha) of each bin; both stored feature after feature.
 */
interface Histograms {
  readonly edges: Float64Array;
  readonly logDensity: Float64Array;
}

/** Number of edges strictly below v: np.digitize(v, edges, right=True). */
function edgesBelow(edges: Float64Array, base: number, count: number, v: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[base + mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildHistograms(x: Matrix, { n_bins: bins, alpha }: Params): Histograms {
  const { rows, cols, data } = x;
  const edges = new Float64Array(cols * (bins + 1));
  const logDensity = new Float64Array(cols * bins);
  const counts = new Float64Array(bins);
  for (let j = 0; j < cols; j++) {
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0, k = j; i < rows; i++, k += cols) {
      first = Math.min(first, data[k]);
      last = Math.max(last, data[k]);
    }
    const base = j * (bins + 1);
    fillEqualWidthEdges(edges, base, bins, first, last);
    counts.fill(0);
    for (let i = 0, k = j; i < rows; i++, k += cols) {
      counts[Math.min(edgesAtOrBelow(edges, base, bins + 1, data[k]) - 1, bins - 1)]++;
    }
    for (let b = 0; b < bins; b++) {
      const density = counts[b] / (edges[base + b + 1] - edges[base + b]) / rows;
      logDensity[j * bins + b] = Math.log2(density + alpha);
    }
  }
  return { edges, logDensity };
}

/**
 * HBOS (Goldstein & Dengel 2012) as PyOD's static mode: score = −Σ log2(density + alpha) over
 * features. A value slightly outside the training range (within tol · bin width) takes the edge
 * bin; farther out it takes the least dense bin.
 */
class Hbos implements Detector {
  constructor(
    private readonly hist: Histograms,
    private readonly params: Params,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    return this.score(x);
  }

  /** Exact: each feature's −log2(density + alpha); they sum to the raw score. */
  explainFeatures(x: Matrix): FeatureContributions {
    const values = new Float64Array(x.rows * x.cols);
    this.score(x, values);
    return { values, method: 'histogram_log_density_terms' };
  }

  /** The raw scores; `terms` (rows × cols), when given, receives each feature's term. */
  private score(x: Matrix, terms?: Float64Array): Float64Array {
    const { edges, logDensity } = this.hist;
    const { n_bins: bins, tol } = this.params;
    const { rows, cols, data } = x;
    const out = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      const eBase = j * (bins + 1);
      const dBase = j * bins;
      let lowest = Infinity;
      for (let b = 0; b < bins; b++) lowest = Math.min(lowest, logDensity[dBase + b]);
      const firstWidth = edges[eBase + 1] - edges[eBase];
      const lastWidth = edges[eBase + bins] - edges[eBase + bins - 1];
      for (let i = 0, k = j; i < rows; i++, k += cols) {
        const v = data[k];
        const index = edgesBelow(edges, eBase, bins + 1, v);
        let logD: number;
        if (index === 0) {
          logD = edges[eBase] - v <= firstWidth * tol ? logDensity[dBase] : lowest;
        } else if (index === bins + 1) {
          logD = v - edges[eBase + bins] <= lastWidth * tol ? logDensity[dBase + bins - 1] : lowest;
        } else {
          logD = logDensity[dBase + index - 1];
        }
        out[i] -= logD;
        if (terms) terms[k] = -logD;
      }
    }
    return out;
  }

  state(): DetectorState {
    return {
      params: { ...this.params },
      arrays: { edges: this.hist.edges, logDensity: this.hist.logDensity },
    };
  }
}

export const hbosFactory: DetectorFactory = {
  info: {
    backend: 'hbos',
    name: 'HBOS',
    description: 'HBOS: histogram-based outlier score; sums per-feature log densities of static histograms',
    category: 'fast',
    speed: 'very_fast',
    memory: 'low',
    is_legacy: false,
    best_for: 'very large data, streaming-speed scoring, features roughly independent',
    parameters: {
      n_bins: 'histogram bins per feature (default 10)',
      alpha: 'regularizer added to each density before the log (default 0.1)',
      tol: 'how far outside the training range, in bin widths, a value still takes the edge bin (default 0.5)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    const params = paramsSchema.parse(context.params);
    return new Hbos(buildHistograms(x, params), params);
  },
  restore(state) {
    const { edges, logDensity } = state.arrays as { edges: Float64Array; logDensity: Float64Array };
    return new Hbos({ edges, logDensity }, paramsSchema.parse(state.params));
  },
};
