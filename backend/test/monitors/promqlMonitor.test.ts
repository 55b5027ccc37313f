import type { Anomaly, Monitor } from '../../src/contract/monitors';
import { describeIf } from '../helpers/skipped';
import {
  hasPrometheus,
  startGaugeTarget,
  startPrometheus,
  type GaugeTarget,
  type RunningPrometheus,
} from '../helpers/prometheus';
import { startService, type RunningService } from '../helpers/service';
import { Rng } from '../../src/core/rng';

const METRIC = 'demo_queue_depth';
const HOUR = 3_600_000;

/** A queue depth with a daily cycle and noise: 100 ± 20 over the day, σ 3. */
function normal(t: number, rng: Rng): number {
  return 100 + 20 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000) + 3 * (rng.nextFloat() * 2 - 1);
}

describeIf(hasPrometheus(), 'Debian prometheus (promtool) is not installed: apt-get install prometheus')(
  'a PromQL monitor on a real Prometheus',
  () => {
    let target: GaugeTarget;
    let prometheus: RunningPrometheus;
    let service: RunningService;
    beforeAll(async () => {
      const rng = new Rng(5);
      const now = Date.now();
      target = await startGaugeTarget(METRIC, normal(now, rng));
      // Three days of history, one sample a minute, ending ten minutes ago (the live scrape follows).
      const history: [number, number][] = [];
      for (let t = now - 72 * HOUR; t < now - 10 * 60_000; t += 60_000)
        history.push([Math.floor(t / 1000), Number(normal(t, rng).toFixed(3))]);
      prometheus = await startPrometheus(target, METRIC, history);
      service = await startService({ env: { LF_PROMETHEUS_URL: prometheus.url, LF_CHECK_INTERVAL: '0' } });
    }, 60_000);
    afterAll(async () => {
      await service?.stop();
      await prometheus?.stop();
      await target?.close();
    });

    it("refuses invalid PromQL with Prometheus's reason and stores nothing", async () => {
      const bad = await service.post('/v1/monitors', { expr: 'rate(demo_queue_depth[5m]' });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toMatch(/Prometheus rejected the query \(bad_data\)/);
      expect((await service.get('/v1/monitors?kind=promql')).body.data).toEqual([]);
      const options = await service.post('/v1/monitors', { expr: METRIC, options: { sensitivity: 0 } });
      expect(options.status).toBe(422);
    });

    it('backfills from Prometheus so the monitor is active at once, and opens an anomaly on a deviation', async () => {
      const created = await service.post('/v1/monitors', {
        expr: METRIC,
        name: 'queue depth',
        direction: 'up',
      });
      expect(created.status).toBe(201);
      const monitor = created.body as Monitor;
      expect(monitor).toMatchObject({
        kind: 'promql',
        type: 'metric_deviation',
        status: 'active',
        expr: METRIC,
      });

      // In band until now: every recent bucket lies inside its band.
      const series = await service.get(`/v1/monitors/${monitor.id}/series?from=${Date.now() - 2 * HOUR}`);
      expect(series.status).toBe(200);
      expect(series.body.series[0].labels).toEqual({ instance: target.address, job: 'demo' });
      const points = series.body.series[0].points as { deviating: boolean; expected: number }[];
      expect(points.length).toBeGreaterThan(10);
      expect(points.filter((p) => p.deviating)).toEqual([]);

      // The scraped gauge jumps to 4× its level; two scrapes later the check sees it.
      target.value = 400;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const res = await service.post('/v1/monitors/check', {});
      expect(res.status).toBe(200);
      const opened = res.body.opened as Anomaly[];
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({ monitor_id: monitor.id, type: 'metric_deviation', direction: 'up' });
      expect(opened[0].summary).toMatch(
        /^value \d(\.\d)?× above its 7-day baseline \([\d.]+ → 400\) for queue depth\{instance=/,
      );
      const feed = await service.get(`/v1/anomalies?monitor=${monitor.id}`);
      expect(feed.body.data.map((a: Anomaly) => a.id)).toEqual([opened[0].id]);
    }, 60_000);
  },
);
