import type { Anomaly } from '../../src/contract/monitors';
import { Notifier } from '../../src/notify/notifier';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { describeIf } from '../helpers/skipped';
import {
  ALERTMANAGER_BIN,
  hasAlertmanager,
  startAlertmanager,
  type RunningAlertmanager,
} from '../helpers/alertmanager';
import { anomaly, newDbFile, notifyConfig, opened } from './fixtures';

const DASHBOARD = 'https://grafana.example/d/lens/overview';

const describeWithAlertmanager = describeIf(
  hasAlertmanager(),
  `needs ${ALERTMANAGER_BIN} (Debian package prometheus-alertmanager: apt-get install -y prometheus-alertmanager)`,
);

jest.setTimeout(60_000);

describeWithAlertmanager('Alertmanager push (real Alertmanager)', () => {
  let am: RunningAlertmanager;
  let store: SqliteMonitorStore;
  let notifier: Notifier;
  const since = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

  beforeAll(async () => {
    am = await startAlertmanager();
  });
  afterAll(async () => {
    await am?.stop();
  });
  beforeEach(() => {
    store = new SqliteMonitorStore(newDbFile());
    notifier = new Notifier({
      store,
      config: notifyConfig({ alertmanager: { url: am.url, intervalMs: 60_000 }, dashboardUrl: DASHBOARD }),
    });
  });
  afterEach(async () => {
    await notifier.stop();
    await store.close();
  });

  const byId = async (id: string) => (await am.alerts()).filter((a) => a.labels.anomaly_id === id);
  const end = async (a: Anomaly, status: 'resolved' | 'dismissed'): Promise<Anomaly> => {
    const at = new Date().toISOString();
    return store.updateAnomaly(a.id, status === 'resolved' ? { status, resolved_at: at } : { status }, {
      at,
      status,
    });
  };

  it('holds one alert per anomaly with stable labels, honours a silence on org, and resolves', async () => {
    const chat = anomaly({ id: 'am-chat', org: 'acme', detected_at: since(20), severity: 75 });
    const globex = anomaly({
      id: 'am-globex',
      org: 'globex',
      feature: null,
      detected_at: since(10),
      severity: 30,
    });
    await store.createAnomaly(chat);
    await store.createAnomaly(globex);
    for (let i = 0; i < 3; i++) await notifier.pushAlerts();

    const [alert] = await byId('am-chat');
    expect(await byId('am-chat')).toHaveLength(1);
    expect(alert.labels).toEqual({
      alertname: 'AnomalyLensAnomaly',
      type: 'cost_spike',
      org: 'acme',
      feature: 'chat',
      anomaly_id: 'am-chat',
      monitor: 'm1',
      severity: 'critical',
    });
    expect(alert.annotations.summary).toBe(chat.summary);
    expect(alert.annotations.description).toBe(
      'observed 1.87 vs expected 0.42 (+345%, 5.1σ); severity 75/100; status open',
    );
    expect(alert.annotations.dashboard).toMatch(`${DASHBOARD}?var-org=acme&var-feature=chat&from=`);
    expect(Date.parse(alert.startsAt)).toBe(Date.parse(chat.detected_at));
    expect(alert.status.state).toBe('active');
    expect((await byId('am-globex'))[0].labels).toEqual({
      alertname: 'AnomalyLensAnomaly',
      type: 'cost_spike',
      org: 'globex',
      anomaly_id: 'am-globex',
      monitor: 'm1',
      severity: 'info',
    });

    const silence = await am.silence({ org: 'acme' });
    await notifier.pushAlerts();
    expect((await byId('am-chat')).map((a) => [a.status.state, a.status.silencedBy])).toEqual([
      ['suppressed', [silence]],
    ]);
    expect((await byId('am-globex')).map((a) => a.status.state)).toEqual(['active']);

    // Resolution reaches Alertmanager at once through anomalyChanged, and later pushes keep it ended.
    await notifier.anomalyChanged(await end(chat, 'resolved'));
    await notifier.stop(); // waits for that push
    expect(await byId('am-chat')).toEqual([]);
    await notifier.pushAlerts();
    expect(await byId('am-chat')).toEqual([]);
    expect(await byId('am-globex')).toHaveLength(1);

    // A dismissal ends the alert too, here through the periodic push alone.
    await end(globex, 'dismissed');
    await notifier.pushAlerts();
    expect(await byId('am-globex')).toEqual([]);
    expect(notifier.stats()).toEqual([
      { channel: 'alertmanager', delivered: 7, failed_attempts: 0, dead_lettered: 0, pending: 0 },
    ]);
  });

  it('pushes a new anomaly as soon as notify hears of it', async () => {
    const fresh = anomaly({ id: 'am-fresh', org: 'initech', detected_at: since(1) });
    await store.createAnomaly(fresh);
    await notifier.notify([opened(fresh)]);
    await notifier.stop();
    expect((await byId('am-fresh')).map((a) => a.labels.org)).toEqual(['initech']);
  });

  it('counts a failed push and leaves the alerts for the next interval', async () => {
    const down = new Notifier({
      store,
      config: notifyConfig({ alertmanager: { url: 'http://127.0.0.1:9', intervalMs: 60_000 } }),
    });
    await store.createAnomaly(anomaly({ id: 'am-down', detected_at: since(5) }));
    await down.pushAlerts();
    expect(down.stats()).toEqual([
      { channel: 'alertmanager', delivered: 0, failed_attempts: 1, dead_lettered: 0, pending: 1 },
    ]);
  });
});
