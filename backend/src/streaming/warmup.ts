/**
 * How many points a streaming detector needs before its scores mean anything. NAB, on which these
 * detectors are measured, never scores the first 15% of a series (at most 750 points) for the same
 * reason: baselines, ranges and likelihood statistics are still forming. Scores in this span are
 * not used to learn thresholds and never raise alarms.
 */
export function warmupPoints(historyPoints: number): number {
  return Math.min(Math.floor(0.15 * historyPoints), 750);
}

/** Less history than this (a day of 5-minute points) cannot show a daily pattern. */
export const MIN_TRUSTED_HISTORY_MS = 86_400_000;
