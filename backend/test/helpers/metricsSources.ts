/**
 * MetricsSources for tests and the bench: snapshots shaped like the engine's (contract types), a
 * pipeline health and notification counts. `realisticSources()` is a small org with every anomaly
 * type, an org total, a PromQL monitor, a monitor still building its baseline and a cost spike in
 * progress; `syntheticSources(n)` is n series for load.
 */
import type {
  Anomaly,
  AnomalyType,
  Monitor,
  MonitorSnapshot,
  NotificationStats,
  PipelineHealth,
} from '../../src/contract/monitors';
import type { MetricsSources } from '../../src/metrics/sources';
import { DEFAULT_MONITOR_OPTIONS } from '../../src/baseline/config';

const OPTIONS: Monitor['options'] = DEFAULT_MONITOR_OPTIONS;

export function monitor(
  id: string,
  type: AnomalyType,
  org: string | null,
  feature: string | null,
  extra: Partial<Monitor> = {},
): Monitor {
  return {
    id,
    kind: 'events',
    type,
    org,
    feature,
    direction: type === 'traffic_anomaly' ? 'both' : 'up',
    options: OPTIONS,
    status: 'active',
    created: '2024-03-01T00:00:00.000Z',
    ...extra,
  };
}

export function anomalyOf(m: Monitor, id: string, summary: string, severity: number): Anomaly {
  return {
    id,
    monitor_id: m.id,
    type: m.type,
    org: m.org,
    feature: m.feature,
    direction: 'up',
    status: 'ongoing',
    expected: 0.42,
    observed: 1.87,
    deviation_sigma: 9.1,
    deviation_pct: 345,
    severity,
    detected_at: '2024-03-10T09:05:00.000Z',
    last_seen: '2024-03-10T09:20:00.000Z',
    resolved_at: null,
    duration_seconds: 900,
    baseline_slot: 'weekday 09:00',
    baseline_samples: 24,
    top_contributors: [],
    summary,
    history: [{ at: '2024-03-10T09:05:00.000Z', status: 'open' }],
  };
}

export function snapshot(
  m: Monitor,
  values: { observed: number; expected: number; lower: number; upper: number; sigma: number } | null,
  anomaly: Anomaly | null = null,
): MonitorSnapshot {
  return {
    monitor: m,
    bucket: values ? '2024-03-10T09:15:00.000Z' : null,
    observed: values?.observed ?? null,
    expected: values?.expected ?? null,
    lower: values?.lower ?? null,
    upper: values?.upper ?? null,
    deviation_sigma: values?.sigma ?? null,
    anomaly,
  };
}

export const SPIKE_SUMMARY = 'cost 4.4× above its 7-day baseline ($0.42 → $1.87 per request) in feature chat';

export function realisticSnapshots(): MonitorSnapshot[] {
  const chatCost = monitor('acme.chat.cost_spike', 'cost_spike', 'acme', 'chat');
  return [
    snapshot(
      chatCost,
      { observed: 1.87, expected: 0.42, lower: 0.31, upper: 0.55, sigma: 9.1 },
      anomalyOf(chatCost, 'an_7f3a', SPIKE_SUMMARY, 82),
    ),
    snapshot(monitor('acme.cost_spike', 'cost_spike', 'acme', null), {
      observed: 3.1,
      expected: 2.9,
      lower: 2.2,
      upper: 3.6,
      sigma: 0.4,
    }),
    snapshot(monitor('acme.chat.latency_degradation', 'latency_degradation', 'acme', 'chat'), {
      observed: 812,
      expected: 790,
      lower: 520,
      upper: 1210,
      sigma: 0.1,
    }),
    snapshot(monitor('acme.chat.error_rate_spike', 'error_rate_spike', 'acme', 'chat'), {
      observed: 0.011,
      expected: 0.01,
      lower: 0,
      upper: 0.034,
      sigma: 0.2,
    }),
    snapshot(monitor('acme.search.traffic_anomaly', 'traffic_anomaly', 'acme', 'search'), {
      observed: 412,
      expected: 430,
      lower: 350,
      upper: 510,
      sigma: -0.6,
    }),
    snapshot(monitor('acme.search.model_drift', 'model_drift', 'acme', 'search'), {
      observed: 0.02,
      expected: 0.02,
      lower: 0,
      upper: 0.09,
      sigma: 0,
    }),
    snapshot(monitor('acme.gradual_drift', 'gradual_drift', 'acme', null), {
      observed: 0.0031,
      expected: 0.003,
      lower: 0.0024,
      upper: 0.0036,
      sigma: 0.3,
    }),
    snapshot(
      monitor('globex.embed.cost_spike', 'cost_spike', 'globex', 'embed', {
        status: 'building_baseline',
        eta: '2024-03-11T14:00:00.000Z',
        eta_hours: 28.7,
      }),
      null,
    ),
    snapshot(
      monitor('prom.http_errors', 'metric_deviation', null, null, {
        kind: 'promql',
        expr: 'sum(rate(http_requests_total{code=~"5.."}[5m]))',
        labels: {},
        direction: 'both',
      }),
      { observed: 0.4, expected: 0.5, lower: 0.1, upper: 0.9, sigma: -0.5 },
    ),
  ];
}

export const REALISTIC_HEALTH: PipelineHealth = {
  status: 'degraded',
  reasons: ['evaluation lags: last check 912 s ago (interval 300 s)'],
  check_interval_seconds: 300,
  last_check_at: '2024-03-10T09:15:00.000Z',
  check_lag_seconds: 912,
  checks_missed_total: 2,
  events_ingested_total: 1_204_311,
};

export const REALISTIC_NOTIFICATIONS: NotificationStats[] = [
  { channel: 'webhook', delivered: 41, failed_attempts: 5, dead_lettered: 1, pending: 2 },
  { channel: 'alertmanager', delivered: 120, failed_attempts: 0, dead_lettered: 0, pending: 0 },
  { channel: 'grafana', delivered: 40, failed_attempts: 1, dead_lettered: 0, pending: 0 },
];

export function realisticSources(): MetricsSources {
  const snapshots = realisticSnapshots();
  return {
    snapshots: () => snapshots,
    health: () => REALISTIC_HEALTH,
    notifications: () => REALISTIC_NOTIFICATIONS,
  };
}

const TYPES: readonly AnomalyType[] = [
  'cost_spike',
  'latency_degradation',
  'error_rate_spike',
  'traffic_anomaly',
  'model_drift',
];

/** n series over 100 orgs × 20 features × 5 types; one in 200 has an anomaly in progress. */
export function syntheticSnapshots(n: number): MonitorSnapshot[] {
  return Array.from({ length: n }, (_, i) => {
    const type = TYPES[i % TYPES.length];
    const org = `org${Math.floor(i / 100) % 100}`;
    const feature = `feature${Math.floor(i / TYPES.length) % 20}`;
    const m = monitor(`m${i}`, type, org, feature);
    const expected = 100 + (i % 37);
    const observed = expected * (1 + ((i % 11) - 5) / 50);
    const anomaly =
      i % 200 === 0
        ? anomalyOf(m, `an${i}`, `${type} in feature ${feature} (synthetic #${i})`, 40 + (i % 60))
        : null;
    return snapshot(
      m,
      { observed, expected, lower: expected * 0.8, upper: expected * 1.2, sigma: (observed - expected) / 5 },
      anomaly,
    );
  });
}

export function syntheticSources(n: number): MetricsSources {
  const snapshots = syntheticSnapshots(n);
  return {
    snapshots: () => snapshots,
    health: () => ({ ...REALISTIC_HEALTH, status: 'ok', reasons: [], check_lag_seconds: 12 }),
    notifications: () => REALISTIC_NOTIFICATIONS,
  };
}
