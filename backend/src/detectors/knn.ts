import { z } from 'zod';
import type { Matrix } from '../core/matrix';
import type { Detector, DetectorFactory, DetectorState } from './detector';
import { bruteForceIndex } from './localOutlierFactor/bruteForceIndex';
import {
  buildKdTree,
  KdTree,
  kdTreeFromState,
  kdTreeStateArrays,
  type KdTreeArrays,
} from './localOutlierFactor/kdTree';
import { trainingNeighbors } from './localOutlierFactor/lof';
import type { NeighborIndex, NeighborResult } from './localOutlierFactor/neighbors';

/** PyOD KNN's leaf_size default. */
const LEAF_SIZE = 30;
/** KD-tree up to this many features, brute force above (scikit-learn's 'auto' rule). */
const KD_TREE_MAX_FEATURES = 15;

const paramsSchema = z
  .object({
    n_neighbors: z.number().int().min(1).max(1000).default(5),
  })
  .strict();

interface SavedParams {
  n_neighbors: number;
  k: number;
  algorithm: 'kd_tree' | 'brute';
  rows: number;
  cols: number;
}

const neighborIndex = (x: Matrix, tree: KdTreeArrays | null): NeighborIndex =>
  tree ? new KdTree(x, tree) : bruteForceIndex(x);

const kthDistance = (neighbors: NeighborResult): Float64Array => {
  const { distances, k } = neighbors;
  return Float64Array.from({ length: distances.length / k }, (_, i) => distances[i * k + k - 1]);
};

/**
 * kNN outlier score as PyOD's KNN (method 'largest'): the Euclidean distance to the k-th nearest
 * training row. Training rows are scored without themselves (sklearn's kneighbors()), new rows
 * against all training rows. The neighbour search (KD-tree, or brute force above 15 features) is the
 * one the local outlier factor uses.
 */
class Knn implements Detector {
  readonly fitInfo: Record<string, unknown>;
  private readonly index: NeighborIndex;

  constructor(
    private readonly x: Matrix,
    private readonly tree: KdTreeArrays | null,
    private readonly saved: SavedParams,
    readonly trainingScores?: Float64Array,
  ) {
    this.fitInfo = { n_neighbors: saved.k, neighbor_search: saved.algorithm };
    this.index = neighborIndex(x, tree);
  }

  scoreRaw(x: Matrix): Float64Array {
    return kthDistance(this.index.kneighbors(x, this.saved.k));
  }

  state(): DetectorState {
    const arrays: DetectorState['arrays'] = { train: this.x.data, ...kdTreeStateArrays(this.tree) };
    return { params: { ...this.saved }, arrays };
  }
}

function fit(training: Matrix, nNeighbors: number): Knn {
  const x: Matrix = { data: Float64Array.from(training.data), rows: training.rows, cols: training.cols };
  const k = Math.max(1, Math.min(nNeighbors, x.rows - 1));
  const algorithm = x.cols > KD_TREE_MAX_FEATURES ? 'brute' : 'kd_tree';
  const tree = algorithm === 'kd_tree' ? buildKdTree(x, LEAF_SIZE) : null;
  const saved: SavedParams = { n_neighbors: nNeighbors, k, algorithm, rows: x.rows, cols: x.cols };
  const inSample = kthDistance(trainingNeighbors(neighborIndex(x, tree), x, k));
  return new Knn(x, tree, saved, inSample);
}

function restore(state: DetectorState): Knn {
  const saved = state.params as unknown as SavedParams;
  const a = state.arrays;
  const x: Matrix = { data: a.train as Float64Array, rows: saved.rows, cols: saved.cols };
  const tree = saved.algorithm === 'kd_tree' ? kdTreeFromState(a) : null;
  return new Knn(x, tree, saved);
}

export const knnFactory: DetectorFactory = {
  info: {
    backend: 'knn',
    name: 'KNN',
    description: 'k-nearest neighbours: the distance to the k-th nearest training row',
    category: 'distance',
    speed: 'medium',
    memory: 'high',
    is_legacy: false,
    best_for: 'global outliers far from all training data; low to moderate dimensions',
    parameters: {
      n_neighbors: 'k, the neighbour whose distance is the score (default 5, capped at n_samples - 1)',
    },
  },
  params: paramsSchema,
  fit(x, context) {
    return fit(x, paramsSchema.parse(context.params).n_neighbors);
  },
  restore,
};
