import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PipelineMonitor } from '../../src/monitors/health';
import { IngestService } from '../../src/monitors/ingest';
import { MonitorService } from '../../src/monitors/service';
import { PrometheusPolicy } from '../../src/sources/prometheusPolicy';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { DAY, generateTraffic, type TrafficEvent } from '../helpers/baselineTraffic';

const MIN = 60_000;

describe('pipeline health', () => {
  const T = Date.UTC(2026, 0, 5, 12);
  it('is degraded while checks lag, right after missed checks, and after a failed check — with reasons', () => {
    const p = new PipelineMonitor(5 * MIN, T);
    expect(p.health(T + 4 * MIN)).toMatchObject({ status: 'ok', reasons: [], check_lag_seconds: 0 });
    expect(p.health(T + 11 * MIN).reasons).toEqual([expect.stringMatching(/^checks lag: .* 660 s ago/)]);
    p.completed(T + 11 * MIN);
    expect(p.health(T + 12 * MIN)).toMatchObject({ status: 'ok', check_lag_seconds: 60 });
    p.completed(T + 31 * MIN); // 15, 20 and 25 were missed
    expect(p.health(T + 31 * MIN)).toMatchObject({ status: 'degraded', checks_missed_total: 3 });
    expect(p.health(T + 31 * MIN).reasons[0]).toMatch(/checks were missed/);
    p.completed(T + 36 * MIN);
    expect(p.health(T + 36 * MIN)).toMatchObject({ status: 'ok', checks_missed_total: 3 });
    p.completed(T + 41 * MIN, 'database is locked');
    expect(p.health(T + 41 * MIN).reasons).toEqual(['the last check failed: database is locked']);
    expect(new PipelineMonitor(0, T).health(T + DAY).status).toBe('ok'); // checks on request only
  });
});

describe('a traffic drop while the pipeline is degraded', () => {
  /**
   * Three days of one group's traffic whose last 40 minutes fall to 5%; a store per case. The clock
   * is fixed: at this minute the drop leaves the newest bucket empty, which a degraded check does not
   * evaluate (missing data is not a drop) — the snapshot must still show the newest evaluated bucket.
   */
  async function setup(lastCheckAgo: number): Promise<{ service: MonitorService; now: number }> {
    const now = Date.UTC(2026, 0, 5, 23, 30);
    const store = new SqliteMonitorStore(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-health-')), 'm.db'),
    );
    const service = new MonitorService(store, {
      intervalMs: 5 * MIN,
      prometheus: new PrometheusPolicy([]),
      now: () => now,
    });
    const ingest = new IngestService(store, { latenessMs: 15 * MIN, now: () => now });
    const events: TrafficEvent[] = [];
    const profile = {
      org: 'acme',
      feature: 'chat',
      low: 80,
      high: 120,
      costMedian: 0.01,
      latencyMedian: 500,
      errorRate: 0.01,
      mismatch: 0.01,
    };
    const drop = {
      org: 'acme',
      feature: 'chat',
      kind: 'traffic' as const,
      size: 0.05,
      from: now - 40 * MIN,
      to: now,
    };
    generateTraffic(9, [profile], now - 3 * DAY, now, [drop], (e) => events.push(e));
    for (let i = 0; i < events.length; i += 10_000) await ingest.ingest(events.slice(i, i + 10_000));
    await store.commit({ meta: [{ key: 'scheduler', value: { lastCheck: now - lastCheckAgo, missed: 0 } }] });
    await service.init();
    await service.check(now - 60 * MIN, false); // the monitors' first check, before the drop
    return { service, now };
  }

  it('is not raised while checks lag (missing data is not a drop), and is raised once they are on time', async () => {
    const late = await setup(60 * MIN);
    expect(late.service.health()).toMatchObject({ status: 'degraded' });
    const quiet = await late.service.check(late.now);
    expect(quiet.events.filter((e) => e.anomaly.type === 'traffic_anomaly')).toEqual([]);
    const traffic = quiet.snapshots.find(
      (s) => s.monitor.type === 'traffic_anomaly' && s.monitor.feature === 'chat',
    );
    expect(traffic?.monitor.status).toBe('degraded');
    expect(traffic!.bucket).toBe(new Date(late.now - 25 * MIN).toISOString()); // 23:10 is empty
    expect(traffic!.observed!).toBeLessThan(traffic!.expected! / 5); // the drop is there, and held back

    const onTime = await setup(5 * MIN);
    expect(onTime.service.health().status).toBe('ok');
    const raised = await onTime.service.check(onTime.now);
    const drops = raised.events.filter(
      (e) => e.anomaly.type === 'traffic_anomaly' && e.anomaly.feature === 'chat',
    );
    expect(drops.map((e) => [e.kind, e.anomaly.direction])).toEqual([['opened', 'down']]);
  }, 120_000);
});
