import { Gauge, type Registry } from 'prom-client';
import type { Scrape } from './scrape';
import type { SourceName } from './sources';

const SOURCES: readonly SourceName[] = ['snapshots', 'health', 'notifications'];

/** The exposition's own state: which sources could be read and what the series limit left out. */
export function registerScrapeMetrics(registry: Registry, current: () => Scrape): void {
  const up: Gauge = new Gauge({
    name: 'anomalylens_metrics_source_up',
    help: 'Whether this scrape could read the source (1) or its metric families are missing (0).',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      const { frame } = current();
      for (const source of SOURCES) up.set({ source }, frame[source].ok ? 1 : 0);
    },
  });
  const gauge = (name: string, help: string, value: (s: Scrape) => number): void => {
    const g: Gauge = new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        g.set(value(current()));
      },
    });
  };
  gauge(
    'anomalylens_metrics_series',
    'Monitored series exposed with their own labels in this scrape.',
    (s) => s.selection.exposed.length,
  );
  gauge(
    'anomalylens_metrics_series_dropped',
    'Monitored series left out of the per-series families because of LF_METRICS_MAX_SERIES.',
    (s) => s.selection.dropped,
  );
  gauge(
    'anomalylens_metrics_series_limit',
    'LF_METRICS_MAX_SERIES: the most monitored series exposed with their own labels.',
    (s) => s.maxSeries,
  );
}
