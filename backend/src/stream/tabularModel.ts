import { BusyError } from '../core/errors';
import type { Matrix } from '../core/matrix';
import { normalizeOne } from '../core/normalization';
import { detectorFactory } from '../detectors/registry';
import { rawScores, type Trained } from '../training/pipeline';
import { scoresInline } from '../training/placement';
import { trainedState, type StateScorer, type TrainedState } from '../training/trainedState';

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
  private state: TrainedState | null = null;

  constructor(
    readonly backend: string,
    readonly trained: Trained,
  ) {}

  /**
   * Scores rows on the event loop when that is sure to be quick (the service's one rule, as for
   * `score`), otherwise in `scorer` (the worker pool) with the model sent along as data. When the
   * pool is full the rows are scored here: the batch's points are already in the window.
   */
  async scoreRows(x: Matrix, scorer: StateScorer): Promise<PointScore[]> {
    const factory = detectorFactory(this.backend);
    const raw =
      factory && scoresInline(factory, x.rows, x.cols)
        ? rawScores(this.trained, x)
        : await this.offload(x, scorer);
    const { stats, thresholds } = this.trained;
    const centred = { ...stats, median: thresholds.raw };
    return Array.from(raw, (r) => ({ score: normalizeOne(r, 'standardization', centred), raw: r }));
  }

  private async offload(x: Matrix, scorer: StateScorer): Promise<Float64Array> {
    try {
      return await scorer({ backend: this.backend, state: (this.state ??= trainedState(this.trained)), x });
    } catch (error) {
      if (error instanceof BusyError) return rawScores(this.trained, x);
      throw error;
    }
  }
}
