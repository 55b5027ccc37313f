import { z } from 'zod';
import type { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import type { Detector, DetectorFactory, DetectorState } from './detector';
import { edgesAtOrBelow, fillEqualWidthEdges } from './histogramEdges';

/** Added to every bin count before normalising, so an empty bin has a finite −log p (as PyOD). */
const EMPTY_BIN = 1e-12;

const paramsSchema = z
  .object({
    n_bins: z.number().int().min(2).max(10_000).default(10),
    n_random_cuts: z.number().int().min(1).max(10_000).default(100),
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

interface SavedParams extends Params {
  cols: number;
  /** Non-zero weights per projection: ⌊√d⌋. */
  nonzero: number;
}

/**
 * Per cut c: a sparse random projection (features[c·m …], weights[c·m …], m = ⌊√d⌋ standard-normal
 * weights on randomly chosen features), the bins + 1 equal-width edges of the projected training
 * rows, and −log p of each bin.
 */
interface Cuts {
  readonly features: Int32Array;
  readonly weights: Float64Array;
  readonly edges: Float64Array;
  readonly negLogProb: Float64Array;
}

/**
 * LODA (Pevný, Machine Learning 2016) as PyOD's static-bins mode: the score is the mean over random
 * 1-D projections of −log p̂(xᵀw), each p̂ a histogram of the projected training rows. A projection
 * beyond the training range takes its edge bin (PyOD's searchsorted on the inner edges); the
 * pipeline's range guard covers rows far outside. PyOD divides the sum by the number of cuts twice;
 * this is the paper's mean (same ranking, a constant factor apart).
 */
class Loda implements Detector {
  constructor(
    private readonly cuts: Cuts,
    private readonly saved: SavedParams,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const { features, weights, edges, negLogProb } = this.cuts;
    const { n_bins: bins, n_random_cuts: count, nonzero: m } = this.saved;
    const { data, rows, cols } = x;
    const out = new Float64Array(rows);
    for (let c = 0; c < count; c++) {
      const edgeBase = c * (bins + 1);
      const probBase = c * bins;
      for (let i = 0; i < rows; i++) {
        const base = i * cols;
        let v = 0;
        for (let t = c * m; t < (c + 1) * m; t++) v += weights[t] * data[base + features[t]];
        const bin = Math.min(Math.max(edgesAtOrBelow(edges, edgeBase, bins + 1, v) - 1, 0), bins - 1);
        out[i] += negLogProb[probBase + bin];
      }
    }
    for (let i = 0; i < rows; i++) out[i] /= count;
    return out;
  }

  state(): DetectorState {
    return { params: { ...this.saved }, arrays: { ...this.cuts } };
  }
}

function fit(x: Matrix, params: Params): Loda {
  const { rows, cols: d, data } = x;
  const { n_bins: bins, n_random_cuts: count } = params;
  const m = Math.max(1, Math.floor(Math.sqrt(d)));
  const rng = new Rng(params.random_state);
  const cuts: Cuts = {
    features: new Int32Array(count * m),
    weights: new Float64Array(count * m),
    edges: new Float64Array(count * (bins + 1)),
    negLogProb: new Float64Array(count * bins),
  };
  const projected = new Float64Array(rows);
  const counts = new Float64Array(bins);
  for (let c = 0; c < count; c++) {
    const chosen = rng.sampleWithoutReplacement(d, m);
    chosen.sort();
    for (let t = 0; t < m; t++) {
      cuts.features[c * m + t] = chosen[t];
      cuts.weights[c * m + t] = rng.nextGaussian();
    }
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < rows; i++) {
      let v = 0;
      for (let t = c * m; t < (c + 1) * m; t++) v += cuts.weights[t] * data[i * d + cuts.features[t]];
      projected[i] = v;
      first = Math.min(first, v);
      last = Math.max(last, v);
    }
    const edgeBase = c * (bins + 1);
    fillEqualWidthEdges(cuts.edges, edgeBase, bins, first, last);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      counts[Math.min(edgesAtOrBelow(cuts.edges, edgeBase, bins + 1, projected[i]) - 1, bins - 1)]++;
    }
    const total = rows + bins * EMPTY_BIN;
    for (let b = 0; b < bins; b++) cuts.negLogProb[c * bins + b] = -Math.log((counts[b] + EMPTY_BIN) / total);
  }
  return new Loda(cuts, { ...params, cols: d, nonzero: m });
}

export const lodaFactory: DetectorFactory = {
  info: {
    backend: 'loda',
    name: 'LODA',
    description:
      'LODA: Lightweight Online Detector of Anomalies. Good for streaming data: averages −log densities of histograms on sparse random projections',
    category: 'streaming',
    speed: 'fast',
    memory: 'low',
    is_legacy: false,
    best_for: 'streaming data, online detection; many features',
    parameters: {
      n_bins: 'histogram bins per projection (default 10)',
      n_random_cuts: 'random projections (default 100)',
      random_state: 'seed of the projections (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params));
  },
  restore(state) {
    const saved = state.params as unknown as SavedParams;
    const { features, weights, edges, negLogProb } = state.arrays as unknown as Cuts;
    return new Loda({ features, weights, edges, negLogProb }, saved);
  },
};
