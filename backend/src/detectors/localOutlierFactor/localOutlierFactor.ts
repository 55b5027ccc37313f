import { z } from 'zod';
import type { Matrix } from '../../core/matrix';
import type { Detector, DetectorFactory, DetectorState } from '../detector';
import { bruteForceIndex } from './bruteForceIndex';
import { buildKdTree, KdTree, kdTreeFromState, kdTreeStateArrays, type KdTreeArrays } from './kdTree';
import { localOutlierFactors, localReachabilityDensity, trainingNeighbors } from './lof';
import type { NeighborIndex } from './neighbors';

/** scikit-learn's LocalOutlierFactor leaf_size default. */
const LEAF_SIZE = 30;
/** scikit-learn's 'auto' rule: KD-tree up to this many features, brute force above. */
const KD_TREE_MAX_FEATURES = 15;

const paramsSchema = z
  .object({
    n_neighbors: z.number().int().min(1).max(1000).default(20),
    algorithm: z.enum(['auto', 'kd_tree', 'brute']).default('auto'),
  })
  .strict();

type Algorithm = 'kd_tree' | 'brute';

interface SavedParams {
  n_neighbors: number;
  k: number;
  algorithm: Algorithm;
}

/** scikit-learn's NearestNeighbors 'auto' choice (it decides which tie-breaking we must reproduce). */
function chooseAlgorithm(requested: 'auto' | Algorithm, x: Matrix, nNeighbors: number): Algorithm {
  if (requested !== 'auto') return requested;
  if (x.cols > KD_TREE_MAX_FEATURES || nNeighbors >= Math.floor(x.rows / 2)) return 'brute';
  return 'kd_tree';
}

/**
 * Local Outlier Factor in novelty mode (Breunig et al. 2000, scikit-learn's semantics): the training
 * rows keep their k-distance and local reachability density; a new row's raw score is its LOF,
 * ≈ 1 for inliers, larger for outliers.
 */
class LocalOutlierFactor implements Detector {
  constructor(
    private readonly x: Matrix,
    private readonly index: NeighborIndex,
    private readonly tree: KdTreeArrays | null,
    private readonly kDistance: Float64Array,
    private readonly lrd: Float64Array,
    private readonly saved: SavedParams,
    readonly fitInfo?: Record<string, unknown>,
  ) {}

  scoreRaw(x: Matrix): Float64Array {
    const neighbors = this.index.kneighbors(x, this.saved.k);
    return localOutlierFactors(neighbors, this.kDistance, this.lrd);
  }

  state(): DetectorState {
    const arrays: DetectorState['arrays'] = {
      train: this.x.data,
      kDistance: this.kDistance,
      lrd: this.lrd,
      ...kdTreeStateArrays(this.tree),
    };
    return { params: { ...this.saved, rows: this.x.rows, cols: this.x.cols }, arrays };
  }
}

function fit(training: Matrix, params: z.infer<typeof paramsSchema>): LocalOutlierFactor {
  const x: Matrix = { data: Float64Array.from(training.data), rows: training.rows, cols: training.cols };
  const k = Math.max(1, Math.min(params.n_neighbors, x.rows - 1));
  const algorithm = chooseAlgorithm(params.algorithm, x, params.n_neighbors);
  const tree = algorithm === 'kd_tree' ? buildKdTree(x, LEAF_SIZE) : null;
  const index: NeighborIndex = tree ? new KdTree(x, tree) : bruteForceIndex(x);
  const neighbors = trainingNeighbors(index, x, k);
  const kDistance = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) kDistance[i] = neighbors.distances[i * k + k - 1];
  const lrd = localReachabilityDensity(neighbors, kDistance);
  const saved: SavedParams = { n_neighbors: params.n_neighbors, k, algorithm };
  return new LocalOutlierFactor(x, index, tree, kDistance, lrd, saved, {
    n_neighbors: k,
    neighbor_search: algorithm,
  });
}

function restore(state: DetectorState): LocalOutlierFactor {
  const p = state.params as unknown as SavedParams & { rows: number; cols: number };
  const a = state.arrays;
  const x: Matrix = { data: a.train as Float64Array, rows: p.rows, cols: p.cols };
  const tree = p.algorithm === 'kd_tree' ? kdTreeFromState(a) : null;
  const index: NeighborIndex = tree ? new KdTree(x, tree) : bruteForceIndex(x);
  const saved: SavedParams = { n_neighbors: p.n_neighbors, k: p.k, algorithm: p.algorithm };
  return new LocalOutlierFactor(x, index, tree, a.kDistance as Float64Array, a.lrd as Float64Array, saved);
}

export const localOutlierFactorFactory: DetectorFactory = {
  info: {
    backend: 'local_outlier_factor',
    name: 'Local Outlier Factor',
    description:
      'Local Outlier Factor (novelty mode): density of a row relative to its 20 nearest neighbours',
    category: 'legacy',
    speed: 'medium',
    memory: 'high',
    is_legacy: true,
    best_for: 'clusters of differing density, local anomalies; low to moderate dimensions',
    parameters: {
      n_neighbors: 'neighbours per row (default 20, capped at n_samples - 1)',
      algorithm:
        "'auto' (default: KD-tree up to 15 features, brute force above, as scikit-learn), 'kd_tree' or 'brute'",
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params));
  },
  restore,
};
