import type { Anomaly } from '../../src/contract/monitors';
import { BUCKET_MS } from '../../src/contract/monitors';
import {
  DAY,
  generateTraffic,
  ACME_CHAT,
  type Incident,
  type TrafficEvent,
} from '../helpers/baselineTraffic';
import { startRecorder } from '../helpers/httpRecorder';
import { newDataDir, startService, type RunningService } from '../helpers/service';
import { until } from '../helpers/until';

const HOUR = 3_600_000;
async function post(service: RunningService, events: TrafficEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 10_000) {
    const res = await service.post('/v1/events', events.slice(i, i + 10_000));
    expect(res.status).toBe(200);
  }
}

/**
 * The scheduler on the real process: a cost spike that is still going on opens one anomaly; the
 * service is killed with SIGKILL mid-incident and restarted on the same data; the schedule resumes
 * (a check runs again, catching up), the anomaly stays the same one, and the webhook got exactly
 * one opening per anomaly.
 */
describe('kill -9 during an incident, then restart', () => {
  it('resumes the schedule without a duplicate anomaly or notification', async () => {
    const hook = await startRecorder();
    const dataDir = newDataDir();
    const env = { LF_CHECK_INTERVAL: '10s', LF_WEBHOOK_URL: hook.url, LF_NOTIFY_BACKOFF: '1s' };
    const now = Date.now();
    const from = Math.floor((now - 3 * DAY) / BUCKET_MS) * BUCKET_MS;
    const spikeFrom = Math.floor((now - 90 * 60_000) / BUCKET_MS) * BUCKET_MS;
    const spike: Incident = {
      org: 'acme',
      feature: 'chat',
      kind: 'cost',
      size: 6,
      from: spikeFrom,
      to: now + HOUR,
    };
    const history: TrafficEvent[] = [];
    generateTraffic(21, [ACME_CHAT], from, now, [spike], (e) => history.push(e));

    let service = await startService({ dataDir, env });
    await post(service, history);
    const opened = await until('the spike to open', async () => {
      const res = await service.get('/v1/anomalies?org=acme&feature=chat&type=cost_spike');
      return (res.body.data as Anomaly[]).length ? (res.body.data as Anomaly[]) : undefined;
    });
    expect(opened).toHaveLength(1);
    const before = (await service.get('/v1/monitors/health')).body.last_check_at as string;
    await until('the opening webhook', async () => (hook.requests.length ? true : undefined));

    service.process.kill('SIGKILL');
    await new Promise((resolve) => service.process.once('exit', resolve));
    service = await startService({ dataDir, env });
    try {
      // Before its first check, the new process already exposes the open anomaly (the last check's state).
      const metrics = await fetch(`${service.url}/metrics`).then((r) => r.text());
      const active = metrics
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('anomalylens_anomaly_active{') && l.includes(`monitor="${opened[0].monitor_id}"`),
        );
      expect(active).toHaveLength(1);
      expect(active[0]).toMatch(/ 1$/);
      // The spike goes on: traffic of the minutes since, still 6× the cost.
      const more: TrafficEvent[] = [];
      generateTraffic(22, [ACME_CHAT], Math.floor(now / BUCKET_MS) * BUCKET_MS, Date.now(), [spike], (e) =>
        more.push(e),
      );
      await post(service, more);
      const after = await until('a check after the restart', async () => {
        const h = (await service.get('/v1/monitors/health')).body as { last_check_at: string | null };
        return h.last_check_at && h.last_check_at > before ? h.last_check_at : undefined;
      });
      expect(after > before).toBe(true);
      const still = (await service.get('/v1/anomalies?org=acme&feature=chat&type=cost_spike')).body
        .data as Anomaly[];
      expect(still.map((a) => a.id)).toEqual([opened[0].id]);
      expect(['open', 'ongoing']).toContain(still[0].status);
      // Give the outbox a moment to (wrongly) deliver anything twice.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const all = (await service.get('/v1/anomalies?limit=100')).body.data as Anomaly[];
      const keys = hook.requests.map((r) => String(r.headers['idempotency-key']));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(all.map((a) => `${a.id}:opened`).sort());
    } finally {
      await service.stop();
      await hook.close();
    }
  }, 180_000);
});
