import type { MonitorSnapshot, NotificationStats, PipelineHealth } from '../contract/monitors';

/**
 * What `/metrics` reads at scrape time. Each source is read once per scrape; one that throws leaves
 * its metric families out of that scrape and sets `anomalylens_metrics_source_up{source}` to 0.
 */
export interface MetricsSources {
  /** The latest evaluation of every monitored series. */
  snapshots(): readonly MonitorSnapshot[];
  health(): PipelineHealth;
  /** Delivery counts per notification channel (webhook, alertmanager, grafana). */
  notifications(): readonly NotificationStats[];
}

export type SourceName = keyof MetricsSources;

/** One scrape's reading of the sources: a value, or the error the source threw. */
export type Reading<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface ScrapeFrame {
  readonly snapshots: Reading<readonly MonitorSnapshot[]>;
  readonly health: Reading<PipelineHealth>;
  readonly notifications: Reading<readonly NotificationStats[]>;
}

function read<T>(source: () => T): Reading<T> {
  try {
    return { ok: true, value: source() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function readSources(sources: MetricsSources): ScrapeFrame {
  return {
    snapshots: read(() => sources.snapshots()),
    health: read(() => sources.health()),
    notifications: read(() => sources.notifications()),
  };
}
