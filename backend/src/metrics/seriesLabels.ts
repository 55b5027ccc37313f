import type { MonitorSnapshot } from '../contract/monitors';

/** The labels every per-series metric carries; `org`/`feature` are empty for none (org totals, PromQL). */
export const SERIES_LABELS = ['monitor', 'type', 'org', 'feature'] as const;

export type SeriesLabels = Record<(typeof SERIES_LABELS)[number], string>;

export function seriesLabels(snapshot: MonitorSnapshot): SeriesLabels {
  const { monitor } = snapshot;
  return { monitor: monitor.id, type: monitor.type, org: monitor.org ?? '', feature: monitor.feature ?? '' };
}
