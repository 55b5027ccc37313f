import { Counter, Gauge, type Registry } from 'prom-client';
import type { PipelineHealth } from '../contract/monitors';
import type { Scrape } from './scrape';

/** A gauge whose one value comes from the pipeline's health, absent when health could not be read. */
function healthGauge(
  registry: Registry,
  current: () => Scrape,
  name: string,
  help: string,
  value: (h: PipelineHealth) => number | null,
): void {
  const gauge: Gauge = new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      gauge.reset();
      const health = current().frame.health;
      const v = health.ok ? value(health.value) : null;
      if (v !== null) gauge.set(v);
    },
  });
}

/** A counter mirroring a running total the pipeline keeps (it survives the process in the store). */
function healthCounter(
  registry: Registry,
  current: () => Scrape,
  name: string,
  help: string,
  total: (h: PipelineHealth) => number,
): void {
  const counter: Counter = new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      counter.reset();
      const health = current().frame.health;
      if (health.ok) counter.inc(Math.max(0, total(health.value)));
    },
  });
}

/** Pipeline health: degraded, check lag against the interval, missed checks, ingested events. */
export function registerPipelineMetrics(registry: Registry, current: () => Scrape): void {
  healthGauge(
    registry,
    current,
    'anomalylens_degraded',
    'The checking pipeline is degraded (lagging, missed checks, a failed source or store): 1, else 0.',
    (h) => (h.status === 'degraded' ? 1 : 0),
  );
  healthGauge(
    registry,
    current,
    'anomalylens_check_lag_seconds',
    'Seconds since the last completed check (0 before the first is due); degraded beyond 2 × the interval.',
    (h) => h.check_lag_seconds,
  );
  healthGauge(
    registry,
    current,
    'anomalylens_check_interval_seconds',
    'The configured check interval (LF_CHECK_INTERVAL).',
    (h) => h.check_interval_seconds,
  );
  healthGauge(
    registry,
    current,
    'anomalylens_last_check_timestamp_seconds',
    'When the last check completed (Unix seconds); absent before the first.',
    (h) => (h.last_check_at === null ? null : Date.parse(h.last_check_at) / 1000),
  );
  healthCounter(
    registry,
    current,
    'anomalylens_checks_missed_total',
    'Scheduled checks that did not run.',
    (h) => h.checks_missed_total,
  );
  healthCounter(
    registry,
    current,
    'anomalylens_events_ingested_total',
    'Events accepted by POST /v1/events (duplicates not counted).',
    (h) => h.events_ingested_total,
  );
}
