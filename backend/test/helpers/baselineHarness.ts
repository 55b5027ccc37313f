import {
  EVENT_MONITOR_TYPES,
  type Anomaly,
  type AnomalyType,
  type BucketAggregate,
  type MonitorOptions,
} from '../../src/contract/monitors';
import type { MonitorSpec } from '../../src/baseline/checkTypes';
import { DEFAULT_MONITOR_OPTIONS } from '../../src/baseline/config';
import { buildGroupSeries, type GroupSeries } from '../../src/baseline/groupSeries';
import { replay } from '../../src/baseline/replay';

export const ALL_TYPES = EVENT_MONITOR_TYPES;

export function directionOf(type: AnomalyType): 'up' | 'down' | 'both' {
  return type === 'traffic_anomaly' || type === 'gradual_drift' ? 'both' : 'up';
}

export function monitorFor(
  type: AnomalyType,
  org: string,
  feature: string | null,
  options?: Partial<MonitorOptions>,
): MonitorSpec {
  return {
    id: `${type}:${org}/${feature ?? '*'}`,
    type,
    org,
    feature,
    direction: directionOf(type),
    options: { ...DEFAULT_MONITOR_OPTIONS, ...options },
  };
}

/** Dense series per group key (`org/feature` or `org`) over [from, to). */
export function seriesByKey(
  data: Map<string, BucketAggregate[]>,
  from: number,
  to: number,
): Map<string, GroupSeries> {
  const out = new Map<string, GroupSeries>();
  for (const [key, buckets] of data) {
    const [org, feature] = key.split('/');
    out.set(key, buildGroupSeries(org, feature ?? null, buckets, { from, to }));
  }
  return out;
}

/** Replays every type on every listed group over [from, to] and returns what would have opened. */
export function replayAll(
  series: Map<string, GroupSeries>,
  keys: string[],
  from: number,
  to: number,
  options?: Partial<MonitorOptions>,
  types: readonly AnomalyType[] = ALL_TYPES,
): Anomaly[] {
  const out: Anomaly[] = [];
  for (const key of keys) {
    const s = series.get(key)!;
    const contributors =
      s.feature === null
        ? [...series.values()].filter((c) => c.org === s.org && c.feature !== null)
        : undefined;
    for (const type of types) {
      const monitor = monitorFor(type, s.org, s.feature, options);
      out.push(...replay({ monitor, series: s, contributors }, (to - from) / 86_400_000, to).anomalies);
    }
  }
  return out;
}
