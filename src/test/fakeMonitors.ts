import type { Anomaly, Monitor, MonitorSeriesReport } from '../api/backendTypes';

/** The monitors API's answers for plugin unit tests (the browser test runs the real backend). */
export interface MonitorData {
  monitors: Monitor[];
  series: Record<string, MonitorSeriesReport>;
  anomalies: Anomaly[];
}

const HOUR = 3_600_000;
export const T = Date.UTC(2024, 2, 10, 12);

const OPTIONS: Monitor['options'] = {
  sensitivity: 3,
  min_relative_change: 0.2,
  trigger_hits: 3,
  trigger_window: 4,
  extreme_sigma: 6,
  recovery_checks: 3,
  baseline: 'seasonal',
};

export function fakeMonitor(patch: Partial<Monitor>): Monitor {
  return {
    id: 'mon_cost',
    kind: 'events',
    type: 'cost_spike',
    org: 'acme',
    feature: 'chat',
    direction: 'up',
    options: OPTIONS,
    status: 'active',
    created: '2024-03-01T00:00:00.000Z',
    ...patch,
  };
}

export function fakeAnomaly(patch: Partial<Anomaly>): Anomaly {
  return {
    id: 'mon_cost:1710068400000',
    monitor_id: 'mon_cost',
    type: 'cost_spike',
    org: 'acme',
    feature: 'chat',
    direction: 'up',
    status: 'ongoing',
    expected: 1.5,
    observed: 9,
    deviation_sigma: 8.2,
    deviation_pct: 500,
    severity: 87,
    detected_at: new Date(T + HOUR).toISOString(),
    last_seen: new Date(T + 2 * HOUR).toISOString(),
    resolved_at: null,
    duration_seconds: 3600,
    baseline_slot: 'weekday 13:00',
    baseline_samples: 12,
    top_contributors: [],
    summary: 'cost 6.0× above its 7-day baseline in feature chat',
    history: [],
    ...patch,
  };
}

/** Three hourly points with a deviation in the last one. */
export function fakeSeries(id: string): MonitorSeriesReport {
  const point = (h: number, observed: number) => ({
    t: new Date(T + h * HOUR).toISOString(),
    observed,
    expected: 1.5,
    lower: 1,
    upper: 2,
    deviation_sigma: (observed - 1.5) / 0.25,
    deviating: observed > 2,
  });
  return {
    monitor_id: id,
    series: [{ key: '', points: [point(0, 1.4), point(1, 1.6), point(2, 9)] }],
    anomalies: [],
  };
}

const qs = (path: string) => new URL(path, 'http://x').searchParams;

/** GET /v1/monitors[/:id[/series]], GET /v1/anomalies, POST /v1/anomalies/:id/dismiss|accept. */
export function monitorsAnswer(
  data: MonitorData,
  method: string,
  path: string,
  body: unknown,
): [number, unknown] | undefined {
  const [route] = path.split('?');
  const q = qs(path);
  const match = (m: { org: string | null; feature: string | null }) =>
    (!q.get('org') || m.org === q.get('org')) && (!q.get('feature') || m.feature === q.get('feature'));
  if (method === 'GET' && route === '/v1/monitors') return [200, { data: data.monitors.filter(match) }];
  const one = /^\/v1\/monitors\/([^/]+)(\/series)?$/.exec(route);
  if (method === 'GET' && one) {
    const monitor = data.monitors.find((m) => m.id === decodeURIComponent(one[1]));
    if (!monitor) return [404, { detail: `no monitor '${one[1]}'` }];
    return [200, one[2] ? (data.series[monitor.id] ?? fakeSeries(monitor.id)) : monitor];
  }
  if (method === 'GET' && route === '/v1/anomalies') {
    const statuses = q.get('status')?.split(',');
    const list = data.anomalies
      .filter(match)
      .filter((a) => !statuses || statuses.includes(a.status))
      .filter((a) => !q.get('monitor') || a.monitor_id === q.get('monitor'));
    const start = Number(q.get('cursor') ?? 0);
    const limit = Number(q.get('limit') ?? 100);
    const page = list.slice(start, start + limit);
    const next = start + limit < list.length ? { next_cursor: String(start + limit) } : {};
    return [200, { data: page, ...next }];
  }
  const feedback = /^\/v1\/anomalies\/([^/]+)\/(dismiss|accept)$/.exec(route);
  if (method === 'POST' && feedback) {
    const anomaly = data.anomalies.find((a) => a.id === decodeURIComponent(feedback[1]));
    if (!anomaly) return [404, { detail: `no anomaly '${feedback[1]}'` }];
    if (anomaly.status === 'dismissed' || anomaly.status === 'accepted')
      return [409, { detail: `anomaly '${anomaly.id}' is already ${anomaly.status}` }];
    anomaly.status = feedback[2] === 'dismiss' ? 'dismissed' : 'accepted';
    anomaly.history.push({
      at: new Date().toISOString(),
      status: anomaly.status,
      note: (body as { reason?: string })?.reason,
    });
    return [200, anomaly];
  }
  return undefined;
}
