import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import { Rng } from '../../core/rng';
import type { Detector, DetectorFactory, DetectorState } from '../detector';
import { kMeans } from './kMeans';

/** scikit-learn KMeans' classic defaults (n_init 10 until 1.4, Lloyd iterations, tol 1e-4). */
const KMEANS = { nInit: 10, maxIter: 300, tol: 1e-4 };

const paramsSchema = z
  .object({
    n_clusters: z.number().int().min(2).max(1000).default(8),
    alpha: z.number().gt(0).lt(1).default(0.9),
    beta: z.number().gt(1).default(5),
    use_weights: z.boolean().default(false),
    random_state: z.number().int().min(0).max(0xffffffff).default(42),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

interface SavedParams extends Params {
  clusters: number;
  cols: number;
}

interface Clusters {
  readonly centers: Float64Array; // k × d
  readonly sizes: Float64Array; // training rows per cluster
  readonly large: Uint8Array; // 1 = large cluster
}

/**
 * He, Xu & Deng 2003's split as PyOD computes it: clusters sorted by size (largest first); the
 * boundary b is the first index where the b largest hold ≥ alpha of the rows and also
 * |C_b−1| / |C_b| ≥ beta; failing both, the first index meeting either. Empty clusters are small.
 * Where neither condition holds anywhere (e.g. equal-sized clusters) PyOD refuses to fit; here
 * every cluster is then large, so the score is the distance to the own centre.
 */
function splitLargeSmall(sizes: Float64Array, rows: number, alpha: number, beta: number): Uint8Array {
  const order = Array.from(sizes.keys())
    .filter((c) => sizes[c] > 0)
    .sort((a, b) => sizes[b] - sizes[a] || a - b);
  let byAlpha = -1;
  let byBeta = -1;
  let byBoth = -1;
  let held = 0;
  for (let b = 1; b < order.length; b++) {
    held += sizes[order[b - 1]];
    const alphaOk = held >= rows * alpha;
    const betaOk = sizes[order[b - 1]] / sizes[order[b]] >= beta;
    if (alphaOk && byAlpha < 0) byAlpha = b;
    if (betaOk && byBeta < 0) byBeta = b;
    if (alphaOk && betaOk && byBoth < 0) byBoth = b;
  }
  const boundary = [byBoth, byAlpha, byBeta].find((b) => b > 0) ?? order.length;
  const large = new Uint8Array(sizes.length);
  for (let r = 0; r < boundary; r++) large[order[r]] = 1;
  return large;
}

/**
 * CBLOF as PyOD's default (unweighted): rows in a large cluster score their distance to its centre,
 * rows in a small cluster the distance to the nearest large-cluster centre. A new row belongs to the
 * cluster of its nearest centre (KMeans.predict).
 */
class Cblof implements Detector {
  constructor(
    private readonly clusters: Clusters,
    private readonly saved: SavedParams,
    readonly fitInfo: Record<string, unknown> = {},
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const { centers, sizes, large } = this.clusters;
    const { data, rows, cols: d } = x;
    const k = sizes.length;
    const out = new Float64Array(rows);
    const dist = new Float64Array(k);
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      let nearest = 0;
      let nearestLarge = Infinity;
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const diff = data[base + j] - centers[c * d + j];
          sum += diff * diff;
        }
        dist[c] = sum;
        if (sum < dist[nearest]) nearest = c;
        if (large[c] && sum < nearestLarge) nearestLarge = sum;
      }
      const score = Math.sqrt(large[nearest] ? dist[nearest] : nearestLarge);
      out[i] = this.saved.use_weights ? score * sizes[nearest] : score;
    }
    return out;
  }

  state(): DetectorState {
    const { centers, sizes, large } = this.clusters;
    return { params: { ...this.saved }, arrays: { centers, sizes, large } };
  }
}

function fit(x: Matrix, params: Params): Cblof {
  const result = kMeans(x, { k: params.n_clusters, ...KMEANS }, new Rng(params.random_state));
  const k = result.centers.length / x.cols;
  const sizes = new Float64Array(k);
  for (const label of result.labels) sizes[label]++;
  const large = splitLargeSmall(sizes, x.rows, params.alpha, params.beta);
  const largeCount = large.reduce((a, b) => a + b, 0);
  const fitInfo = {
    n_clusters: k,
    large_clusters: largeCount,
    small_clusters: k - largeCount,
    kmeans_iterations: result.iterations,
  };
  return new Cblof(
    { centers: result.centers, sizes, large },
    { ...params, clusters: k, cols: x.cols },
    fitInfo,
  );
}

export const cblofFactory: DetectorFactory = {
  info: {
    backend: 'cblof',
    name: 'CBLOF',
    description:
      'CBLOF: Clustering-Based Local Outlier Factor. Combines clustering with outlier detection: the distance to the nearest large k-means cluster',
    category: 'clustering',
    speed: 'medium',
    memory: 'medium',
    is_legacy: false,
    best_for: 'grouped/clustered data',
    parameters: {
      n_clusters: 'k-means clusters (default 8, capped at the number of rows)',
      alpha: 'share of rows the large clusters hold at least (default 0.9)',
      beta: 'size ratio between the smallest large and the largest small cluster (default 5)',
      use_weights: 'multiply the score by the size of the row’s cluster (default false)',
      random_state: 'seed of the k-means++ starts (default 42)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params));
  },
  restore(state) {
    const saved = state.params as unknown as SavedParams;
    const { centers, sizes, large } = state.arrays as {
      centers: Float64Array;
      sizes: Float64Array;
      large: Uint8Array;
    };
    return new Cblof({ centers, sizes, large }, saved);
  },
};
