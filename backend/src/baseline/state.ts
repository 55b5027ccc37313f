import type { Anomaly } from '../contract/monitors';
import type { GradualState } from './gradualDrift';
import { initialLevel, type LevelState } from './levelTracker';

/**
 * Everything a monitor carries from one check to the next; plain JSON so the store can persist
 * it (`JSON.stringify` / `JSON.parse` round-trips it exactly).
 */
export interface MonitorState {
  version: 1;
  /** Start of the last evaluated bucket; a check never evaluates a bucket twice. */
  lastBucket: number | null;
  /** When the monitor became active (null while building its baseline). */
  activeSince: number | null;
  /** Outcome of the last `trigger_window` checks: +1 deviating up, −1 down, 0 in band. */
  recent: number[];
  /** Bucket starts of those checks (same order). */
  recentBuckets: number[];
  /** The anomaly in progress (open, ongoing or recovering), if any. */
  open: Anomaly | null;
  /** Consecutive in-band checks of the open anomaly. */
  inBand: number;
  /** A dismissed anomaly that still continues: no new anomaly in that direction until it recovers. */
  suppressed: { direction: 'up' | 'down'; from: number; inBand: number } | null;
  gradual: GradualState | null;
  /** Current level relative to the baseline (level signals only). */
  level: LevelState;
}

export function initialMonitorState(): MonitorState {
  return {
    version: 1,
    lastBucket: null,
    activeSince: null,
    recent: [],
    recentBuckets: [],
    open: null,
    inBand: 0,
    suppressed: null,
    gradual: null,
    level: initialLevel(),
  };
}

/** A deep copy (the engine never mutates the state it was given). */
export function cloneState(s: MonitorState): MonitorState {
  return {
    ...s,
    recent: [...s.recent],
    recentBuckets: [...s.recentBuckets],
    open: s.open
      ? { ...s.open, history: [...s.open.history], top_contributors: [...s.open.top_contributors] }
      : null,
    suppressed: s.suppressed ? { ...s.suppressed } : null,
    gradual: s.gradual ? { ...s.gradual } : null,
  };
}
