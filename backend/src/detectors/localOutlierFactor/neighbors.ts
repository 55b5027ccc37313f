import type { Matrix } from '../../core/matrix';

/** The k nearest training rows of each query: distances ascending (row-major n × k) and their indices. */
export interface NeighborResult {
  readonly distances: Float64Array;
  readonly indices: Int32Array;
  readonly k: number;
}

/** An exact k-nearest-neighbour index over the training rows (Euclidean distance). */
export interface NeighborIndex {
  /** k nearest training rows of every query row, sorted ascending, as scikit-learn returns them. */
  kneighbors(queries: Matrix, k: number): NeighborResult;
  /** The same for the training rows themselves (each row among its own neighbours). */
  selfKNeighbors(k: number): NeighborResult;
}
