import type { Unit } from './units';

export type ModelStatus = 'fitted' | 'reused' | 'streamed';

export interface PointExplanation {
  readonly text: string;
  readonly direction: 'up' | 'down';
  /** Which member series the explanation is about (always 0 in per-series mode). */
  readonly member: number;
}

/** The scores of one unit over the scoring range. Arrays run parallel to `idx`. */
export interface UnitResult {
  readonly unit: Unit;
  /** Indices into unit.t of the points in the scoring range. */
  readonly idx: Int32Array;
  /** NaN where the point has no value. */
  readonly score: Float64Array;
  readonly flags: Uint8Array;
  readonly threshold: number;
  readonly expected: Float64Array | null;
  readonly lower: Float64Array | null;
  readonly upper: Float64Array | null;
  readonly status: ModelStatus;
  readonly trainingPoints: number;
  /** Streaming methods: the span the detector learned from before the range, in ms. */
  readonly historyMs?: number;
  readonly fittedAt: string;
  /** Explains the point at position k of `idx`; `regionStart` is the position its region starts at. */
  explain(k: number, regionStart: number): PointExplanation;
}

/** A unit that could not be scored (e.g. no training data): reported as a notice, not an error. */
export interface UnitFailure {
  readonly unit: Unit;
  readonly message: string;
}

export type UnitOutcome = { ok: true; result: UnitResult } | { ok: false; failure: UnitFailure };

/** Mean of up to `n` observed values before index `before`, the level a region departs from. */
export function levelBefore(values: Float64Array, before: number, n: number): number {
  let sum = 0;
  let count = 0;
  for (let i = before - 1; i >= 0 && count < n; i--) {
    if (!Number.isNaN(values[i])) {
      sum += values[i];
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}
