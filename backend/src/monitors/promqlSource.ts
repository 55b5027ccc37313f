import { BUCKET_MS } from '../contract/monitors';
import { queryRange } from '../sources/prometheus';
import type { PrometheusPolicy } from '../sources/prometheusPolicy';
import type { MetricSeriesPoints } from '../store/monitorStore';
import { labelKey } from './ids';

/** Label sets one PromQL monitor may watch; more are ignored and reported in its status. */
export const MAX_SERIES_PER_MONITOR = 50;

export interface FetchedSeries {
  series: MetricSeriesPoints[];
  /** Label sets beyond MAX_SERIES_PER_MONITOR that were ignored. */
  ignored: number;
}

/**
 * Reads a PromQL expression from the allow-listed Prometheus: one value per 5-minute bucket (the
 * value at the bucket's start) over [from, to), plus the value at `to` for the bucket `to` falls in
 * — the current bucket, which a PromQL monitor checks at once (samples do not arrive late).
 */
export async function fetchBuckets(
  policy: PrometheusPolicy,
  expr: string,
  from: number,
  to: number,
): Promise<FetchedSeries> {
  const target = policy.resolve(undefined);
  const start = Math.ceil(from / BUCKET_MS) * BUCKET_MS;
  const byKey = new Map<string, MetricSeriesPoints>();
  const add = (labels: Record<string, string>, t: number, v: number | null): void => {
    if (v === null) return;
    const key = labelKey(labels);
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { key, labels, points: [] }));
    s.points.push([Math.floor(t / BUCKET_MS) * BUCKET_MS, v]);
  };
  // Prometheus serves at most 11,000 points per series and query: 28 days of 5-minute steps is 8,064.
  if (start < to)
    for (const s of await queryRange(target, expr, start, to - 1, BUCKET_MS))
      s.timestamps.forEach((t, i) => add(s.labels, t, s.values[i]));
  for (const s of await queryRange(target, expr, to, to, BUCKET_MS)) add(s.labels, to, s.values[0] ?? null);
  const all = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    series: all.slice(0, MAX_SERIES_PER_MONITOR),
    ignored: Math.max(0, all.length - MAX_SERIES_PER_MONITOR),
  };
}
