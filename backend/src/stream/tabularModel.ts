import type { Matrix } from '../core/matrix';
import { normalizeOne } from '../core/normalization';
import { rawScores, type Trained } from '../training/pipeline';

/** A point's score: normalized to [0, 1] (`score`) and the detector's own (`raw`). */
export interface PointScore {
  readonly score: number;
  readonly raw: number;
}

/**
 * A tabular detector fitted on the window (robust scaler → detector → range guard). Scores are the
 * service's `standardization`: a logistic of the raw score's distance from the training median.
 */
export class TabularModel {
  constructor(
    readonly backend: string,
    readonly trained: Trained,
  ) {}

  score(row: Float64Array): PointScore {
    const x: Matrix = { data: row, rows: 1, cols: row.length };
    const raw = rawScores(this.trained, x)[0];
    return { score: normalizeOne(raw, 'standardization', this.trained.stats), raw };
  }
}
