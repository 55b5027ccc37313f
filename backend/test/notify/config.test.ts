import { loadConfig } from '../../src/config';
import { DEFAULT_DELIVERY } from '../../src/notify/config';

describe('notification configuration (environment)', () => {
  it('configures nothing by default', () => {
    expect(loadConfig({}).notify).toEqual({
      webhook: null,
      alertmanager: null,
      grafana: null,
      dashboardUrl: null,
      delivery: DEFAULT_DELIVERY,
    });
  });

  it('reads every channel and the delivery policy', () => {
    const notify = loadConfig({
      LF_WEBHOOK_URL: 'https://hooks.example/lens',
      LF_WEBHOOK_SECRET: 's',
      LF_WEBHOOK_FORMAT: 'Slack',
      LF_WEBHOOK_RESOLVED: 'true',
      LF_ALERTMANAGER_URL: 'http://alertmanager:9093',
      LF_ALERTMANAGER_INTERVAL: '30s',
      LF_GRAFANA_URL: 'http://grafana:3000',
      LF_GRAFANA_TOKEN: 'glsa_x',
      LF_DASHBOARD_URL: 'http://grafana:3000/d/lens',
      LF_NOTIFY_MAX_ATTEMPTS: '4',
      LF_NOTIFY_BACKOFF: '500ms',
      LF_NOTIFY_BACKOFF_MAX: '10m',
    }).notify;
    expect(notify).toEqual({
      webhook: { url: 'https://hooks.example/lens', secret: 's', format: 'slack', notifyResolved: true },
      alertmanager: { url: 'http://alertmanager:9093', intervalMs: 30_000 },
      grafana: { url: 'http://grafana:3000', token: 'glsa_x' },
      dashboardUrl: 'http://grafana:3000/d/lens',
      delivery: { ...DEFAULT_DELIVERY, maxAttempts: 4, backoffBaseMs: 500, backoffMaxMs: 600_000 },
    });
  });

  it.each([
    [{ LF_WEBHOOK_URL: 'ftp://user:pw@host/x' }, /^LF_WEBHOOK_URL must be an http:\/\/ or https:\/\/ URL$/],
    [{ LF_ALERTMANAGER_URL: 'not a url' }, /LF_ALERTMANAGER_URL must be an http/],
    [{ LF_GRAFANA_URL: 'http://grafana:3000' }, /LF_GRAFANA_URL and LF_GRAFANA_TOKEN must be set together/],
    [{ LF_GRAFANA_TOKEN: 'glsa_secret' }, /must be set together/],
    [{ LF_WEBHOOK_FORMAT: 'xml' }, /LF_WEBHOOK_FORMAT must be 'json' or 'slack'/],
    [{ LF_WEBHOOK_RESOLVED: 'yes' }, /LF_WEBHOOK_RESOLVED must be 'true' or 'false'/],
    [{ LF_NOTIFY_MAX_ATTEMPTS: '0' }, /LF_NOTIFY_MAX_ATTEMPTS must be at least 1/],
  ])('refuses %j with a clear message that echoes no URL or secret', (env, message) => {
    let error: Error | undefined;
    try {
      loadConfig(env);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toMatch(/pw@|glsa_secret/);
  });
});
