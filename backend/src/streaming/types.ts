/**
 * The streaming protocol shared by every time-series detector: feed points in time order, get a
 * score for each point that depends only on that point and the ones before it.
 */
export interface StreamingResult {
  /** Anomaly score in [0, 1]; higher = more anomalous. */
  score: number;
  /** Signed deviation of the value from what was expected, in units of the expected spread (0 if none). */
  deviation: number;
  /** Expected value, or NaN when the detector has no forecast (yet). */
  expected: number;
  /** Prediction band; NaN when the detector has no band (yet). */
  lower: number;
  upper: number;
  /** Short human-readable reason (a constant phrase; see `StreamingDetector.explain` for details). */
  reason: string;
}

export interface StreamingDetector {
  readonly name: string;
  /**
   * Consumes one point and scores it. Timestamps must not decrease. The returned object is owned
   * by the detector and overwritten by the next call (no per-point allocation): copy what you keep.
   */
  update(timestampMs: number, value: number): StreamingResult;
  /** Forgets everything learnt: the next update behaves like the first one of a new detector. */
  reset(): void;
  /** A one-line explanation of the last result, with numbers (allocates; call only when needed). */
  explain(): string;
}

/** A fresh result object with nothing known yet. */
export function emptyResult(): StreamingResult {
  return { score: 0, deviation: 0, expected: NaN, lower: NaN, upper: NaN, reason: 'warming up' };
}

/** Fills `r` with "no opinion yet". */
export function clearResult(r: StreamingResult, reason = 'warming up'): StreamingResult {
  r.score = 0;
  r.deviation = 0;
  r.expected = NaN;
  r.lower = NaN;
  r.upper = NaN;
  r.reason = reason;
  return r;
}

/** Maps a non-negative deviation (in spread units) to [0, 1): d/(d + half), 0.5 at d = half. */
export function deviationToScore(absDeviation: number, half: number): number {
  if (!(absDeviation > 0)) return 0;
  if (absDeviation === Infinity) return 1;
  return absDeviation / (absDeviation + half);
}

/** Formats a number compactly for reason strings. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return String(Math.round(x * 1000) / 1000);
}
