import { retryDelayMs } from '../../src/notify/backoff';
import { Notifier } from '../../src/notify/notifier';
import { SIGNATURE_HEADER, verifySignature } from '../../src/notify/signature';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { startRecorder, type Recorder } from '../helpers/httpRecorder';
import { anomaly, newDbFile, notifyConfig, opened, resolvedCopy, T0, testClock } from './fixtures';

const SECRET = 'w3bh00k-secret';
const MINUTE = 60_000;

describe('webhook notifications', () => {
  let receiver: Recorder;
  const stores: SqliteMonitorStore[] = [];
  const open = (file: string): SqliteMonitorStore => {
    const store = new SqliteMonitorStore(file);
    stores.push(store);
    return store;
  };
  beforeEach(async () => {
    receiver = await startRecorder();
  });
  afterEach(async () => {
    await receiver.close();
    for (const store of stores.splice(0)) await store.close();
  });

  const webhookConfig = (over: Partial<NonNullable<ReturnType<typeof notifyConfig>['webhook']>> = {}) =>
    notifyConfig({
      webhook: {
        url: `${receiver.url}/hook`,
        secret: SECRET,
        format: 'json',
        notifyResolved: false,
        ...over,
      },
    });

  it('delivers one opening under one key through two refusals, repeated notify calls and a restart', async () => {
    receiver.respond = (_req, n) => ({ status: n < 2 ? 503 : 200 });
    const file = newDbFile();
    const clock = testClock();
    const a1 = anomaly({ id: 'a1' });
    const first = new Notifier({ store: open(file), config: webhookConfig(), clock });
    await first.notify([opened(a1)]);
    await first.notify([opened(a1)]); // the caller re-runs after a crash: nothing new is queued
    await first.deliverDue();
    expect(receiver.requests).toHaveLength(1);
    expect(first.stats()).toEqual([
      { channel: 'webhook', delivered: 0, failed_attempts: 1, dead_lettered: 0, pending: 1 },
    ]);
    clock.advance(MINUTE);
    await first.deliverDue();
    expect(receiver.requests).toHaveLength(2);

    // Restart mid-retry: a new Notifier on the same database file; the monitors re-notify.
    await stores[0].close();
    clock.advance(MINUTE);
    const second = new Notifier({ store: open(file), config: webhookConfig(), clock });
    await second.notify([opened(a1)]);
    await second.deliverDue();
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * MINUTE);
      await second.deliverDue();
    }

    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests.map((r) => [r.method, r.url, r.headers['idempotency-key']])).toEqual([
      ['POST', '/hook', 'a1:opened'],
      ['POST', '/hook', 'a1:opened'],
      ['POST', '/hook', 'a1:opened'],
    ]);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1); // the same bytes every time
    const body = JSON.parse(receiver.requests[2].body);
    expect(body).toEqual({ event: 'opened', idempotency_key: 'a1:opened', anomaly: a1 });
    expect(second.stats()).toEqual([
      { channel: 'webhook', delivered: 1, failed_attempts: 2, dead_lettered: 0, pending: 0 },
    ]);
  });

  it('signs the exact body with HMAC-SHA256 so the receiver can verify it', async () => {
    const notifier = new Notifier({ store: open(newDbFile()), config: webhookConfig(), clock: testClock() });
    await notifier.notify([opened(anomaly({ id: 'signed' }))]);
    await notifier.deliverDue();
    const [req] = receiver.requests;
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(req.body, SECRET, header)).toBe(true);
    expect(verifySignature(req.body, 'another secret', header)).toBe(false);
    expect(verifySignature(`${req.body} `, SECRET, header)).toBe(false); // a changed body fails
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('waits out a full-jitter backoff before retrying', async () => {
    receiver.respond = (_req, n) => ({ status: n === 0 ? 503 : 200 });
    const clock = testClock();
    const notifier = new Notifier({ store: open(newDbFile()), config: webhookConfig(), clock });
    const policy = webhookConfig().delivery;
    expect([1, 2, 3, 4, 10].map((f) => retryDelayMs(f, policy, () => 0.5))).toEqual([
      500, 1_000, 2_000, 4_000, 30_000,
    ]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
    await notifier.notify([opened(anomaly({ id: 'b1' }))]);
    await notifier.deliverDue();
    clock.advance(499); // the first retry is due 500 ms later (random 0.5 of 1 s)
    await notifier.deliverDue();
    expect(receiver.requests).toHaveLength(1);
    clock.advance(1);
    await notifier.deliverDue();
    expect(receiver.requests).toHaveLength(2);
  });

  it('dead-letters after the last allowed attempt, lists it, and redrives it under the same key', async () => {
    receiver.respond = () => ({ status: 500 });
    const clock = testClock();
    const notifier = new Notifier({ store: open(newDbFile()), config: webhookConfig(), clock });
    await notifier.notify([opened(anomaly({ id: 'dl' }))]);
    for (let i = 0; i < 8; i++) {
      await notifier.deliverDue();
      clock.advance(10 * MINUTE);
    }
    expect(receiver.requests).toHaveLength(5); // maxAttempts
    const dead = await notifier.deadLetters();
    expect(dead.map((d) => [d.key, d.channel, d.attempts, d.lastError])).toEqual([
      ['webhook/dl:opened', 'webhook', 5, 'HTTP 500'],
    ]);
    expect(notifier.stats()).toEqual([
      { channel: 'webhook', delivered: 0, failed_attempts: 5, dead_lettered: 1, pending: 0 },
    ]);

    receiver.respond = () => ({ status: 204 });
    await notifier.redrive('webhook/dl:opened');
    await notifier.deliverDue();
    expect(receiver.requests).toHaveLength(6);
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set(['dl:opened']),
    );
    expect(await notifier.deadLetters()).toEqual([]);
    expect(notifier.stats()[0]).toMatchObject({ delivered: 1, dead_lettered: 0, pending: 0 });
  });

  it('dead-letters at once when the receiver rejects the request (4xx), retries 429 and network errors', async () => {
    receiver.respond = (req) => ({ status: req.headers['idempotency-key'] === 'bad:opened' ? 400 : 429 });
    const clock = testClock();
    const notifier = new Notifier({ store: open(newDbFile()), config: webhookConfig(), clock });
    await notifier.notify([opened(anomaly({ id: 'bad' })), opened(anomaly({ id: 'slow' }))]);
    await notifier.deliverDue();
    expect((await notifier.deadLetters()).map((d) => [d.key, d.attempts, d.lastError])).toEqual([
      ['webhook/bad:opened', 1, 'HTTP 400'],
    ]);
    expect(notifier.stats()[0]).toMatchObject({ dead_lettered: 1, pending: 1, failed_attempts: 2 });

    await receiver.close(); // nothing listens any more: a network error, retried
    clock.advance(MINUTE);
    await notifier.deliverDue();
    expect(notifier.stats()[0]).toMatchObject({ dead_lettered: 1, pending: 1, failed_attempts: 3 });
    receiver = await startRecorder(); // afterEach closes it
  });

  it('sends a Slack-compatible body and, when configured, one resolved notice', async () => {
    const clock = testClock();
    const config = {
      ...webhookConfig({ format: 'slack', secret: null, notifyResolved: true }),
      dashboardUrl: 'https://grafana.example/d/lens/overview',
    };
    const notifier = new Notifier({ store: open(newDbFile()), config, clock });
    const a = anomaly({ id: 's1', severity: 82 });
    await notifier.notify([opened(a)]);
    const resolved = resolvedCopy(a, T0 + 3_600_000);
    await notifier.notify([{ kind: 'resolved', anomaly: resolved }]);
    await notifier.anomalyChanged(resolved); // the same end, reported twice: still one notice
    await notifier.deliverDue();
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['s1:opened', 's1:resolved']);
    expect(receiver.requests[0].headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
    const opening = JSON.parse(receiver.requests[0].body);
    expect(Object.keys(opening)).toEqual(['text']);
    expect(opening.text).toBe(
      [
        ':rotating_light: *cost_spike* opened in acme/chat — critical (severity 82)',
        'cost 4.4× above its 7-day baseline in feature chat',
        'observed 1.87 vs expected 0.42 (+345%, 5.1σ)',
        `<https://grafana.example/d/lens/overview?var-org=acme&var-feature=chat&from=${T0 - 6 * 3_600_000}&to=now|Open dashboard>`,
      ].join('\n'),
    );
    expect(JSON.parse(receiver.requests[1].body).text).toMatch(
      /^:white_check_mark: \*cost_spike\* resolved in acme\/chat after 60 min/,
    );
  });

  it('sends no resolved notice unless configured, and nothing for dismissals', async () => {
    const notifier = new Notifier({ store: open(newDbFile()), config: webhookConfig(), clock: testClock() });
    const a = anomaly({ id: 'q1' });
    await notifier.notify([opened(a), { kind: 'resolved', anomaly: resolvedCopy(a, T0 + MINUTE) }]);
    await notifier.anomalyChanged({ ...anomaly({ id: 'q2' }), status: 'dismissed' });
    await notifier.deliverDue();
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['q1:opened']);
  });
});
