import path from 'node:path';
import type { Anomaly } from '../../src/contract/monitors';
import { BUCKET_MS } from '../../src/contract/monitors';
import { ALERTMANAGER_BIN, hasAlertmanager, startAlertmanager } from '../helpers/alertmanager';
import {
  DAY,
  HOUR,
  generateTraffic,
  ACME_CHAT,
  type Incident,
  type TrafficEvent,
} from '../helpers/baselineTraffic';
import { find, parseExposition } from '../helpers/exposition';
import { freePort } from '../helpers/freePort';
import { startRecorder } from '../helpers/httpRecorder';
import { PROMETHEUS_BIN, hasPrometheus, startPrometheusWithRules } from '../helpers/prometheus';
import { newDataDir, startService, type RunningService } from '../helpers/service';
import { describeIf } from '../helpers/skipped';
import { until } from '../helpers/until';

const MINUTE = 60_000;
const RULES = path.resolve(__dirname, '../../../provisioning/prometheus/rules/*.yml');
const ALERT = 'AnomalyLensCostSpike';
const ACTIVE = ['open', 'ongoing', 'recovering'];

/** 3 days of traffic, then cost per request ×6 from now − 3 h to now − 2 h, then normal again. */
const now = Date.now();
const SPIKE_FROM = Math.floor((now - 3 * HOUR) / BUCKET_MS) * BUCKET_MS;
const SPIKE_TO = SPIKE_FROM + HOUR;
const spike: Incident = { ...ACME_CHAT, kind: 'cost', size: 6, from: SPIKE_FROM, to: SPIKE_TO };
/** A bucket is evaluated 15 minutes after its end: the spike's buckets by the checks up to here. */
const LAST_SPIKE_CHECK = SPIKE_TO + 15 * MINUTE;

const describeWithBinaries = describeIf(
  hasPrometheus() && hasAlertmanager(),
  `needs ${PROMETHEUS_BIN} and ${ALERTMANAGER_BIN} (Debian packages prometheus, prometheus-alertmanager)`,
);

/**
 * Issue 12's acceptance, end to end with real processes: the service (LF_CHECK_INTERVAL=0, checks
 * driven through POST /v1/monitors/check {at} over ingested history), Prometheus scraping its
 * /metrics with the shipped rules, Alertmanager receiving the service's push, and a webhook
 * receiver that refuses the first two attempts of every notification. One injected cost spike is
 * checked for an hour of 5-minute checks, with a kill -9 and restart in the middle.
 */
describeWithBinaries('alerting end to end: Prometheus rules, Alertmanager, webhook', () => {
  it('pages once per anomaly through a kill -9, a refusing receiver and an hour of checks', async () => {
    const attempts = new Map<string, number>();
    const hook = await startRecorder((req) => {
      const key = String(req.headers['idempotency-key']);
      const n = attempts.get(key) ?? 0;
      attempts.set(key, n + 1);
      return { status: n < 2 ? 503 : 200 };
    });
    const am = await startAlertmanager();
    const port = await freePort();
    const dataDir = newDataDir();
    const env = {
      PORT: String(port),
      LF_CHECK_INTERVAL: '0',
      LF_WEBHOOK_URL: `${hook.url}/hook`,
      LF_NOTIFY_BACKOFF: '2s',
      LF_ALERTMANAGER_URL: am.url,
      LF_ALERTMANAGER_INTERVAL: '1s',
    };
    let service: RunningService = await startService({ dataDir, env });
    const prometheus = await startPrometheusWithRules({
      job: 'anomalylens',
      address: `127.0.0.1:${port}`,
      ruleFiles: [RULES],
    });
    // Every state Prometheus reports for the cost alert, polled throughout:
    // [ms, anomaly_id, 'state since activeAt'].
    const seen: [number, string, string][] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const alerts = await prometheus.alerts().catch(() => []);
        for (const a of alerts)
          if (a.labels.alertname === ALERT)
            seen.push([Date.now(), a.labels.anomaly_id, `${a.state} since ${a.activeAt}`]);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const states = (id: string): string[] =>
      seen.filter(([, a]) => a === id).map(([, , s]) => s.split(' ')[0]);

    try {
      const history: TrafficEvent[] = [];
      const from = Math.floor((now - 3 * DAY) / BUCKET_MS) * BUCKET_MS;
      generateTraffic(12, [ACME_CHAT], from, Math.floor(now / BUCKET_MS) * BUCKET_MS, [spike], (e) =>
        history.push(e),
      );
      for (let i = 0; i < history.length; i += 10_000) {
        const res = await service.post('/v1/events', history.slice(i, i + 10_000));
        expect(res.status).toBe(200);
      }

      const chatSpike = async (): Promise<Anomaly[]> =>
        (await service.get('/v1/anomalies?org=acme&feature=chat&type=cost_spike')).body.data as Anomaly[];
      const [monitor] = (await service.get('/v1/monitors?org=acme&feature=chat&type=cost_spike')).body.data;
      /** A gauge of the chat cost monitor as /metrics prints it now (null: absent). */
      const gauge = async (name: string): Promise<number | null> => {
        const text = (await service.get('/metrics')).body as string;
        const [sample] = find(parseExposition(text), name, { monitor: monitor.id });
        return sample ? sample.value : null;
      };
      const activeGauge = () => gauge('anomalylens_anomaly_active');
      /** A check as of `at`; afterwards the gauge must say what the anomaly feed says. */
      const check = async (at: number): Promise<Anomaly | undefined> => {
        const res = await service.post('/v1/monitors/check', { at: new Date(at).toISOString() });
        expect(res.status).toBe(200);
        const [anomaly] = await chatSpike();
        const active = anomaly !== undefined && ACTIVE.includes(anomaly.status);
        expect({ at: new Date(at).toISOString(), gauge: await activeGauge() }).toEqual({
          at: new Date(at).toISOString(),
          gauge: active ? 1 : 0,
        });
        return anomaly;
      };

      // Checks every 5 minutes from just before the spike until it opens.
      let t = SPIKE_FROM;
      let anomaly: Anomaly | undefined;
      for (; !anomaly && t <= LAST_SPIKE_CHECK; t += 5 * MINUTE) anomaly = await check(t);
      expect(anomaly).toBeDefined();
      const id = anomaly!.id;
      const openingKey = `${id}:opened`;
      console.log(
        `opened ${id} by the check at ${new Date(t - 5 * MINUTE).toISOString()} | ${anomaly!.summary}`,
      );
      expect(Date.parse(anomaly!.detected_at)).toBeGreaterThanOrEqual(SPIKE_FROM);
      // A second check at the same instant evaluates no new bucket: the last values stay exposed.
      const observed = await gauge('anomalylens_monitor_observed');
      expect(observed).not.toBeNull();
      await check(t - 5 * MINUTE);
      expect(await gauge('anomalylens_monitor_observed')).toBe(observed);

      // The receiver refuses the first attempt; Prometheus sees the anomaly (pending); kill -9.
      await until('the Prometheus alert pending', async () =>
        states(id).includes('pending') ? true : undefined,
      );
      const pushed = await until('the alert in Alertmanager', async () => {
        const found = (await am.alerts()).filter((a) => a.labels.anomaly_id === id);
        return found.length ? found : undefined;
      });
      expect(pushed).toHaveLength(1);
      await until('the first (refused) webhook attempt', async () => attempts.get(openingKey) || undefined);
      service.process.kill('SIGKILL');
      await new Promise((resolve) => service.process.once('exit', resolve));
      const attemptsBeforeKill = attempts.get(openingKey);
      service = await startService({ dataDir, env });
      // The anomaly in progress is back in /metrics before any check (restored from the store).
      expect(await activeGauge()).toBe(1);

      // The spike goes on: the checks continue to its last bucket but one (the anomaly stays open).
      for (; t < LAST_SPIKE_CHECK; t += 5 * MINUTE) expect((await check(t))?.id).toBe(id);
      // The shipped rule's `for: 1m`: firing a minute after Prometheus last saw it turn pending.
      await until('the alert firing', async () => (states(id).includes('firing') ? true : undefined), 90_000);
      const firing = (await prometheus.alerts()).filter((a) => a.labels.anomaly_id === id);
      expect(firing).toHaveLength(1);
      expect(firing[0]).toMatchObject({
        state: 'firing',
        labels: { alertname: ALERT, org: 'acme', feature: 'chat', type: 'cost_spike', job: 'anomalylens' },
        annotations: { summary: anomaly!.summary },
      });
      expect(firing[0].annotations.dashboard).toContain('var-org=acme&var-feature=chat');

      // Alertmanager holds one alert for the anomaly, re-sent by both processes under the same labels.
      const inAlertmanager = (await am.alerts()).filter((a) => a.labels.anomaly_id === id);
      expect(inAlertmanager).toHaveLength(1);
      expect(inAlertmanager[0].labels).toMatchObject({
        alertname: 'AnomalyLensAnomaly',
        org: 'acme',
        feature: 'chat',
      });
      expect(inAlertmanager[0].status.state).toBe('active');
      const inProgress = (await service.get('/v1/anomalies?status=open,ongoing,recovering')).body.data;
      expect((await am.alerts()).map((a) => a.labels.anomaly_id).sort()).toEqual(
        inProgress.map((a: Anomaly) => a.id).sort(),
      );

      // The spike ends: checks until now resolve the anomaly.
      let last: Anomaly | undefined;
      for (; t <= Date.now(); t += 5 * MINUTE) last = await check(t);
      expect(last?.id).toBe(id);
      expect(last?.status).toBe('resolved');
      await until('the Prometheus alert to resolve', async () =>
        (await prometheus.alerts()).some((a) => a.labels.anomaly_id === id) ? undefined : true,
      );
      await until('the Alertmanager alert to resolve', async () =>
        (await am.alerts()).some((a) => a.labels.anomaly_id === id) ? undefined : true,
      );

      // Every anomaly's opening (the spike's, and the org total's if it opened one too) was tried
      // exactly three times: refused twice, accepted once, never again — across the kill -9.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const all = (await service.get('/v1/anomalies?limit=100')).body.data as Anomaly[];
      const sequence = seen
        .filter(([, a]) => a === id)
        .map(([, , s]) => s)
        .filter((s, i, list) => s !== list[i - 1]);
      console.log(
        [
          `anomalies: ${all.map((a) => `${a.id} ${a.type} ${a.org}/${a.feature ?? '*'} ${a.status}`).join(', ')}`,
          `webhook attempts per Idempotency-Key: ${JSON.stringify(Object.fromEntries(attempts))}`,
          `attempts at ${openingKey} before the kill: ${attemptsBeforeKill}`,
          `Prometheus ${ALERT} states for ${id}, in order: ${sequence.join(' → ')} → (gone)`,
        ].join('\n'),
      );
      expect(Object.fromEntries(attempts)).toEqual(Object.fromEntries(all.map((a) => [`${a.id}:opened`, 3])));
      // pending → firing (the same activeAt: the alert that was pending fires), then gone.
      expect(sequence[0]).toMatch(/^pending/);
      const fired = sequence.findIndex((s) => s.startsWith('firing'));
      expect(fired).toBeGreaterThan(0);
      expect(sequence[fired].replace('firing', 'pending')).toBe(sequence[fired - 1]);
    } finally {
      polling = false;
      await poller;
      await service.stop();
      await prometheus.stop();
      await am.stop();
      await hook.close();
    }
  }, 240_000);
});
