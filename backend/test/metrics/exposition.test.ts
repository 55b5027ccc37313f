/**
 * /metrics exposition: the spec's metric names with golden values from realistic sources, the
 * series limit (counted, anomalies kept), sources read once per scrape and at scrape time, a
 * failing source, label escaping, and the process metrics.
 */
import type { MonitorSnapshot } from '../../src/contract/monitors';
import { MetricsExposition } from '../../src/metrics/exposition';
import type { MetricsSources } from '../../src/metrics/sources';
import { find, parseExposition, type ParsedExposition } from '../helpers/exposition';
import {
  monitor,
  realisticSnapshots,
  realisticSources,
  snapshot,
  SPIKE_SUMMARY,
} from '../helpers/metricsSources';

const render = async (sources: MetricsSources, maxSeries?: number): Promise<ParsedExposition> =>
  parseExposition((await new MetricsExposition(sources, { maxSeries }).render()).text);

const value = (parsed: ParsedExposition, name: string, labels: Record<string, string> = {}): number => {
  const hits = find(parsed, name, labels);
  if (hits.length !== 1) throw new Error(`${hits.length} samples of ${name} ${JSON.stringify(labels)}`);
  return hits[0].value;
};

const CHAT_COST = { monitor: 'acme.chat.cost_spike', type: 'cost_spike', org: 'acme', feature: 'chat' };

describe('/metrics exposition', () => {
  let parsed: ParsedExposition;
  beforeAll(async () => {
    parsed = await render(realisticSources());
  });

  it('exposes every per-series value with monitor, type, org and feature labels', () => {
    expect(value(parsed, 'anomalylens_monitor_observed', CHAT_COST)).toBe(1.87);
    expect(value(parsed, 'anomalylens_monitor_expected', CHAT_COST)).toBe(0.42);
    expect(value(parsed, 'anomalylens_monitor_lower', CHAT_COST)).toBe(0.31);
    expect(value(parsed, 'anomalylens_monitor_upper', CHAT_COST)).toBe(0.55);
    expect(value(parsed, 'anomalylens_monitor_deviation_sigma', CHAT_COST)).toBe(9.1);
    expect(value(parsed, 'anomalylens_anomaly_active', CHAT_COST)).toBe(1);
    expect(find(parsed, 'anomalylens_monitor_observed').map((s) => Object.keys(s.labels).sort())).toEqual(
      Array(8).fill(['feature', 'monitor', 'org', 'type']),
    );
  });

  it('labels org totals and PromQL monitors with empty org/feature, and leaves out values not yet evaluated', () => {
    expect(value(parsed, 'anomalylens_monitor_observed', { monitor: 'acme.cost_spike', feature: '' })).toBe(
      3.1,
    );
    expect(
      value(parsed, 'anomalylens_monitor_deviation_sigma', {
        monitor: 'prom.http_errors',
        org: '',
        feature: '',
      }),
    ).toBe(-0.5);
    const building = { monitor: 'globex.embed.cost_spike' };
    expect(find(parsed, 'anomalylens_monitor_observed', building)).toEqual([]);
    expect(find(parsed, 'anomalylens_monitor_upper', building)).toEqual([]);
    expect(value(parsed, 'anomalylens_anomaly_active', building)).toBe(0);
    expect(find(parsed, 'anomalylens_anomaly_active')).toHaveLength(9);
  });

  it('describes the anomaly in progress: id, direction, summary, opening severity', () => {
    expect(find(parsed, 'anomalylens_anomaly_info')).toEqual([
      {
        name: 'anomalylens_anomaly_info',
        labels: { ...CHAT_COST, anomaly_id: 'an_7f3a', direction: 'up', summary: SPIKE_SUMMARY },
        value: 1,
      },
    ]);
    expect(find(parsed, 'anomalylens_anomaly_severity')).toEqual([
      { name: 'anomalylens_anomaly_severity', labels: CHAT_COST, value: 82 },
    ]);
    expect(value(parsed, 'anomalylens_anomalies_in_progress', { type: 'cost_spike' })).toBe(1);
    expect(find(parsed, 'anomalylens_anomalies_in_progress')).toHaveLength(1);
  });

  it('exposes pipeline health, counters typed as counters', () => {
    expect(value(parsed, 'anomalylens_degraded')).toBe(1);
    expect(value(parsed, 'anomalylens_check_lag_seconds')).toBe(912);
    expect(value(parsed, 'anomalylens_check_interval_seconds')).toBe(300);
    expect(value(parsed, 'anomalylens_last_check_timestamp_seconds')).toBe(1_710_062_100);
    expect(value(parsed, 'anomalylens_checks_missed_total')).toBe(2);
    expect(value(parsed, 'anomalylens_events_ingested_total')).toBe(1_204_311);
    expect(parsed.types.get('anomalylens_checks_missed_total')).toBe('counter');
    expect(parsed.types.get('anomalylens_events_ingested_total')).toBe('counter');
    expect(parsed.types.get('anomalylens_degraded')).toBe('gauge');
    expect(value(parsed, 'anomalylens_monitors', { status: 'active' })).toBe(8);
    expect(value(parsed, 'anomalylens_monitors', { status: 'building_baseline' })).toBe(1);
    expect(value(parsed, 'anomalylens_monitors', { status: 'degraded' })).toBe(0);
  });

  it('exposes notification deliveries per channel, with failures and dead letters', () => {
    const webhook = { channel: 'webhook' };
    expect(value(parsed, 'anomalylens_notifications_total', { ...webhook, outcome: 'delivered' })).toBe(41);
    expect(value(parsed, 'anomalylens_notifications_total', { ...webhook, outcome: 'failed' })).toBe(5);
    expect(value(parsed, 'anomalylens_notifications_dead_letters', webhook)).toBe(1);
    expect(value(parsed, 'anomalylens_notifications_pending', webhook)).toBe(2);
    expect(
      value(parsed, 'anomalylens_notifications_total', { channel: 'alertmanager', outcome: 'delivered' }),
    ).toBe(120);
    expect(parsed.types.get('anomalylens_notifications_total')).toBe('counter');
  });

  it('includes the standard process metrics', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ])
      expect(find(parsed, name)).toHaveLength(1);
    expect(find(parsed, 'nodejs_eventloop_lag_seconds').length).toBeGreaterThan(0);
  });

  it('reports every source as readable and nothing dropped', () => {
    for (const source of ['snapshots', 'health', 'notifications'])
      expect(value(parsed, 'anomalylens_metrics_source_up', { source })).toBe(1);
    expect(value(parsed, 'anomalylens_metrics_series')).toBe(9);
    expect(value(parsed, 'anomalylens_metrics_series_dropped')).toBe(0);
    expect(value(parsed, 'anomalylens_metrics_series_limit')).toBe(10_000);
  });
});

describe('the series limit', () => {
  it('keeps series with an anomaly first, then the lowest monitor ids, and counts the rest', async () => {
    const parsed = await render(realisticSources(), 3);
    expect(find(parsed, 'anomalylens_anomaly_active').map((s) => s.labels.monitor)).toEqual([
      'acme.chat.cost_spike',
      'acme.chat.error_rate_spike',
      'acme.chat.latency_degradation',
    ]);
    expect(value(parsed, 'anomalylens_metrics_series')).toBe(3);
    expect(value(parsed, 'anomalylens_metrics_series_dropped')).toBe(6);
    expect(value(parsed, 'anomalylens_metrics_series_limit')).toBe(3);
    // The counts over all series do not depend on the limit.
    expect(value(parsed, 'anomalylens_monitors', { status: 'active' })).toBe(8);
  });

  it('exposes the same series from one scrape to the next, in whatever order the source lists them', async () => {
    const snapshots = realisticSnapshots();
    const reversed = [...snapshots].reverse();
    const a = await render({ ...realisticSources(), snapshots: () => snapshots }, 4);
    const b = await render({ ...realisticSources(), snapshots: () => reversed }, 4);
    const ids = (p: ParsedExposition) =>
      find(p, 'anomalylens_monitor_expected')
        .map((s) => s.labels.monitor)
        .sort();
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).toHaveLength(4);
  });
});

describe('reading the sources', () => {
  it('reads each source once per scrape, at scrape time, and forgets series that went away', async () => {
    let snapshots: MonitorSnapshot[] = realisticSnapshots();
    const calls = { snapshots: 0, health: 0, notifications: 0 };
    const base = realisticSources();
    const exposition = new MetricsExposition({
      snapshots: () => (calls.snapshots++, snapshots),
      health: () => (calls.health++, base.health()),
      notifications: () => (calls.notifications++, base.notifications()),
    });
    await exposition.render();
    expect(calls).toEqual({ snapshots: 1, health: 1, notifications: 1 });

    const m = monitor('acme.chat.cost_spike', 'cost_spike', 'acme', 'chat');
    snapshots = [snapshot(m, { observed: 0.44, expected: 0.42, lower: 0.31, upper: 0.55, sigma: 0.2 })];
    const parsed = parseExposition((await exposition.render()).text);
    expect(calls.snapshots).toBe(2);
    expect(value(parsed, 'anomalylens_monitor_observed', CHAT_COST)).toBe(0.44);
    expect(value(parsed, 'anomalylens_anomaly_active', CHAT_COST)).toBe(0);
    expect(find(parsed, 'anomalylens_anomaly_info')).toEqual([]);
    expect(find(parsed, 'anomalylens_anomaly_active')).toHaveLength(1);
  });

  it('keeps concurrent scrapes consistent', async () => {
    let n = 0;
    const exposition = new MetricsExposition({
      ...realisticSources(),
      // Every scrape sees a different number of series; each must agree with its own count.
      snapshots: () => realisticSnapshots().slice(0, 1 + (n++ % 9)),
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => exposition.render()));
    for (const r of results) {
      const parsed = parseExposition(r.text);
      expect(find(parsed, 'anomalylens_anomaly_active')).toHaveLength(
        value(parsed, 'anomalylens_metrics_series'),
      );
    }
    expect(
      new Set(results.map((r) => value(parseExposition(r.text), 'anomalylens_metrics_series'))).size,
    ).toBe(6);
  });

  it('serves the other families when a source throws, and says which source failed', async () => {
    const parsed = await render({
      ...realisticSources(),
      snapshots: () => {
        throw new Error('store unavailable');
      },
    });
    expect(value(parsed, 'anomalylens_metrics_source_up', { source: 'snapshots' })).toBe(0);
    expect(value(parsed, 'anomalylens_metrics_source_up', { source: 'health' })).toBe(1);
    expect(find(parsed, 'anomalylens_monitor_observed')).toEqual([]);
    expect(find(parsed, 'anomalylens_monitors')).toEqual([]);
    expect(value(parsed, 'anomalylens_degraded')).toBe(1);
    expect(value(parsed, 'anomalylens_notifications_dead_letters', { channel: 'webhook' })).toBe(1);
  });

  it('escapes label values (quotes, backslashes, newlines) so they read back unchanged', async () => {
    const org = 'a"b\\c\nd';
    const m = monitor('odd', 'cost_spike', org, 'fé ature');
    const parsed = await render({
      ...realisticSources(),
      snapshots: () => [snapshot(m, { observed: 1, expected: 1, lower: 0, upper: 2, sigma: 0 })],
    });
    expect(find(parsed, 'anomalylens_monitor_observed')[0].labels).toEqual({
      monitor: 'odd',
      type: 'cost_spike',
      org,
      feature: 'fé ature',
    });
  });
});
