import type { MonitorSnapshot } from '../contract/monitors';

/** `LF_METRICS_MAX_SERIES` default: monitored series exposed with their own labels. */
export const DEFAULT_MAX_SERIES = 10_000;

export interface SeriesSelection {
  readonly exposed: readonly MonitorSnapshot[];
  /** Series left out because of the limit (counted in `anomalylens_metrics_series_dropped`). */
  readonly dropped: number;
}

const byMonitorId = (a: MonitorSnapshot, b: MonitorSnapshot): number =>
  a.monitor.id < b.monitor.id ? -1 : a.monitor.id > b.monitor.id ? 1 : 0;

/**
 * At most `max` series. Series with an anomaly in progress come first, so an alert never depends
 * on the limit; the rest by monitor id, so the same series stay exposed from one scrape to the next
 * instead of flapping in and out.
 */
export function selectSeries(snapshots: readonly MonitorSnapshot[], max: number): SeriesSelection {
  if (snapshots.length <= max) return { exposed: snapshots, dropped: 0 };
  const anomalous = snapshots.filter((s) => s.anomaly !== null).sort(byMonitorId);
  const calm = snapshots.filter((s) => s.anomaly === null).sort(byMonitorId);
  const exposed = anomalous.concat(calm).slice(0, max);
  return { exposed, dropped: snapshots.length - exposed.length };
}
