import { Gauge, type Registry } from 'prom-client';
import type { AnomalyType, MonitorStatus } from '../contract/monitors';
import type { Scrape } from './scrape';

const STATUSES: readonly MonitorStatus[] = ['active', 'building_baseline', 'degraded'];

/** Counts over all monitored series, the limit notwithstanding: few label values, always complete. */
export function registerInventoryMetrics(registry: Registry, current: () => Scrape): void {
  const monitors: Gauge = new Gauge({
    name: 'anomalylens_monitors',
    help: 'Monitored series by status (all of them, whatever LF_METRICS_MAX_SERIES).',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      monitors.reset();
      const reading = current().frame.snapshots;
      if (!reading.ok) return;
      const counts = new Map<MonitorStatus, number>(STATUSES.map((s) => [s, 0]));
      for (const s of reading.value) counts.set(s.monitor.status, (counts.get(s.monitor.status) ?? 0) + 1);
      for (const [status, n] of counts) monitors.set({ status }, n);
    },
  });
  const anomalies: Gauge = new Gauge({
    name: 'anomalylens_anomalies_in_progress',
    help: 'Anomalies open, ongoing or recovering, by type (all series, whatever LF_METRICS_MAX_SERIES).',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      anomalies.reset();
      const reading = current().frame.snapshots;
      if (!reading.ok) return;
      const counts = new Map<AnomalyType, number>();
      for (const s of reading.value)
        if (s.anomaly) counts.set(s.anomaly.type, (counts.get(s.anomaly.type) ?? 0) + 1);
      for (const [type, n] of counts) anomalies.set({ type }, n);
    },
  });
}
