import { column, type Matrix } from '../core/matrix';
import type { Detector, DetectorState, FeatureContributions } from './detector';
import { countAtLeast, countAtMost, sortColumns, type SortedColumns } from './empiricalCdf';
import { skewness } from './skewness';

/** What ECOD and COPOD keep from training: the sorted columns and each column's skewness. */
export interface TailModel {
  readonly sorted: SortedColumns;
  /** NaN where a column is constant in training (scipy's skew is undefined there). */
  readonly skew: Float64Array;
}

/**
 * How a column with undefined skewness counts: ECOD passes scipy's skew through nan_to_num, so the
 * column is treated as symmetric (both tails); COPOD's NaN-skipping pandas sum leaves it out.
 */
export type UndefinedSkew = 'both-tails' | 'skip';

export function fitTailModel(x: Matrix): TailModel {
  const skew = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) skew[j] = skewness(column(x, j));
  return { sorted: sortColumns(x), skew };
}

/**
 * PyOD's ECOD/COPOD score: per column the tail terms U_l = −log F(v) and U_r = −log F̄(v), the tail
 * chosen by the sign of the column's skewness (negative → left, positive → right, zero → both),
 * max(chosen, (U_l + U_r) / 2), summed over columns.
 *
 * A new row is scored against the ECDF of the training rows plus that row alone,
 * F(v) = (#{train ≤ v} + 1) / (n + 1): PyOD's decision_function called with just this row, except
 * that the skewness comes from the training rows, so no row's score depends on the rest of the
 * request. `inSample` scores training rows, already counted in the ECDF: F(v) = #{train ≤ v} / n,
 * PyOD's decision_scores_. `terms` (rows × cols), when given, receives each column's term: the row's
 * score is their sum, and a skipped column's term is 0.
 */
export function tailScores(
  model: TailModel,
  x: Matrix,
  undefinedSkew: UndefinedSkew,
  inSample: boolean,
  terms?: Float64Array,
): Float64Array {
  const { sorted, skew } = model;
  const n = sorted.rows;
  const extra = inSample ? 0 : 1;
  const out = new Float64Array(x.rows);
  for (let j = 0; j < x.cols; j++) {
    let sign = Math.sign(skew[j]);
    if (Number.isNaN(sign)) {
      if (undefinedSkew === 'skip') continue;
      sign = 0;
    }
    for (let i = 0, k = j; i < x.rows; i++, k += x.cols) {
      const v = x.data[k];
      const left = -Math.log((countAtMost(sorted, j, v) + extra) / (n + extra));
      const right = -Math.log((countAtLeast(sorted, j, v) + extra) / (n + extra));
      const chosen = sign < 0 ? left : sign > 0 ? right : left + right;
      const term = Math.max(chosen, (left + right) / 2);
      out[i] += term;
      if (terms) terms[k] = term;
    }
  }
  return out;
}

/** The detector behind ECOD and COPOD; `training` (at fit time) yields the in-sample scores. */
export class TailProbabilityDetector implements Detector {
  readonly trainingScores?: Float64Array;

  constructor(
    private readonly model: TailModel,
    private readonly undefinedSkew: UndefinedSkew,
    training?: Matrix,
  ) {
    if (training) this.trainingScores = tailScores(model, training, undefinedSkew, true);
  }

  scoreRaw(x: Matrix): Float64Array {
    return tailScores(this.model, x, this.undefinedSkew, false);
  }

  /** Exact: each feature's tail term; they sum to the raw score. */
  explainFeatures(x: Matrix): FeatureContributions {
    const values = new Float64Array(x.rows * x.cols);
    tailScores(this.model, x, this.undefinedSkew, false, values);
    return { values, method: 'tail_probability_terms' };
  }

  state(): DetectorState {
    const { sorted, skew } = this.model;
    return { params: { rows: sorted.rows, cols: sorted.cols }, arrays: { sorted: sorted.values, skew } };
  }

  static restore(state: DetectorState, undefinedSkew: UndefinedSkew): TailProbabilityDetector {
    const { rows, cols } = state.params as { rows: number; cols: number };
    const sorted = { values: state.arrays.sorted as Float64Array, rows, cols };
    return new TailProbabilityDetector({ sorted, skew: state.arrays.skew as Float64Array }, undefinedSkew);
  }
}
