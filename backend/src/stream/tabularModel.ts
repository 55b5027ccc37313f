import type { Matrix } from '../core/matrix';
import { normalizeOne } from '../core/normalization';
import { rawScores, type Trained } from '../training/pipeline';

/** A point's score: normalized to [0, 1] (`score`) and the detector's own (`raw`). */
export interface PointScore {
  readonly score: number;
  readonly raw: number;
}

/**
 * A tabular detector fitted on the window (robust scaler → detector → range guard). The score is the
 * service's logistic `standardization`, centred on the learned threshold instead of the median: 0.5
 * is the raw score that `contamination` of the window's points exceed, so the default threshold 0.5
 * flags about that share of points like the window's (LlamaFarm centres on the mean, which flags a
 * third to a half of ordinary points).
 */
export class TabularModel {
  constructor(
    readonly backend: string,
    readonly trained: Trained,
  ) {}

  score(row: Float64Array): PointScore {
    const x: Matrix = { data: row, rows: 1, cols: row.length };
    const raw = rawScores(this.trained, x)[0];
    const { stats, thresholds } = this.trained;
    return { score: normalizeOne(raw, 'standardization', { ...stats, median: thresholds.raw }), raw };
  }
}
