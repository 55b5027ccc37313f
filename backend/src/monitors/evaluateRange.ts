import { BUCKET_MS, type MonitorPoint } from '../contract/monitors';
import { runCheck } from '../baseline/check';
import { initialMonitorState } from '../baseline/state';
import type { GroupInput, MonitorWork } from './checker';

/** Most buckets one series request evaluates (7 days). */
const MAX_POINTS = 2016;

/**
 * Each bucket of [from, to) evaluated against its baseline as it stands now — a view, not a check:
 * a fresh active state per bucket, so nothing is gated, opened or stored.
 */
export function evaluateRange(w: MonitorWork, s: GroupInput, from: number, to: number): MonitorPoint[] {
  const points: MonitorPoint[] = [];
  const first = Math.ceil(from / BUCKET_MS) * BUCKET_MS;
  for (let b = first; b < to && points.length < MAX_POINTS; b += BUCKET_MS) {
    const state = { ...initialMonitorState(), activeSince: b };
    const { result } = runCheck({
      monitor: s.spec,
      series: s.series,
      state,
      now: b + BUCKET_MS + w.config.latenessMs,
      excluded: w.excluded,
      acceptedFrom: w.acceptedFrom,
      config: w.config,
    });
    const e = result.evaluation;
    if (!e || e.bucket !== b) continue;
    points.push({
      t: new Date(b).toISOString(),
      observed: e.observed,
      expected: e.expected,
      lower: e.lower,
      upper: e.upper,
      deviation_sigma: e.z,
      deviating: e.deviating,
    });
  }
  return points;
}
