import { sortedMedian } from '../streaming/smallSort';

/**
 * The current level of a series relative to its seasonal baseline, for level signals (cost,
 * traffic, latency): the median over the last 24 hours of the hourly median log ratio
 * ln(observed / expected) of in-band checks. Deviating checks never feed it, so a spike or a drop
 * does not move it; a slow sub-threshold shift (a creep the 7-day slots absorb only after days)
 * does. Serialisable.
 */
export interface LevelState {
  hourStart: number;
  /** Log ratios of the current hour's in-band checks. */
  current: number[];
  /** Median log ratio of each of the last 24 completed hours (oldest first). */
  hourly: number[];
}

export function initialLevel(): LevelState {
  return { hourStart: NaN, current: [], hourly: [] };
}

function median(values: readonly number[]): number {
  const a = Float64Array.from(values).sort();
  return sortedMedian(a, a.length);
}

/** Records the log ratio of an in-band check at bucket start `at` (returns the new state). */
export function recordLevel(s: LevelState, at: number, logRatio: number): LevelState {
  const hour = Math.floor(at / 3_600_000) * 3_600_000;
  let hourly = s.hourly;
  let current = s.current;
  if (hour !== s.hourStart) {
    if (current.length > 0) hourly = [...hourly, median(current)].slice(-24);
    current = [];
  }
  return { hourStart: hour, current: [...current, logRatio], hourly };
}

/**
 * The level shift (log units) an expected value is multiplied by: the median of the hourly values
 * once a full day of them exists (fewer hours would weigh a few slots' estimation errors), clamped to ±ln(1 + min_relative_change) — a level shift larger than the
 * effect-size floor is an anomaly in its own right, never absorbed.
 */
export function levelShift(s: LevelState | undefined, minRelativeChange: number): number {
  if (!s || s.hourly.length < 24) return 0;
  const cap = Math.log1p(minRelativeChange);
  const m = median(s.hourly);
  return m > cap ? cap : m < -cap ? -cap : m;
}
