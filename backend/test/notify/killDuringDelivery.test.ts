import { spawn } from 'node:child_process';
import path from 'node:path';
import { Notifier } from '../../src/notify/notifier';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { startRecorder, type Recorder } from '../helpers/httpRecorder';
import { anomaly, newDbFile, notifyConfig, opened } from './fixtures';

const HOOK = path.resolve(__dirname, '../helpers/registerTypescript.js');
const CHILD = path.join(__dirname, 'dispatcherProcess.ts');

jest.setTimeout(60_000);

/**
 * At-least-once with one key: a dispatcher process is killed (SIGKILL) while its webhook request
 * is in flight. Its lease expires, a new dispatcher on the same database re-delivers, and the
 * receiver sees the same Idempotency-Key and body both times — and nothing after the 2xx.
 */
describe('kill -9 during a webhook delivery', () => {
  let receiver: Recorder;
  afterEach(async () => receiver?.close());

  it('re-delivers under the same key after the lease of the killed sender expires', async () => {
    const file = newDbFile();
    let gotFirst: () => void = () => undefined;
    const firstArrived = new Promise<void>((resolve) => (gotFirst = resolve));
    receiver = await startRecorder((_req, n) => {
      if (n > 0) return { status: 200 };
      gotFirst();
      return 'hang'; // the receiver is slow; the sender dies waiting
    });
    const config = notifyConfig({
      webhook: { url: receiver.url, secret: 'k', format: 'json', notifyResolved: false },
    });
    const seed = new SqliteMonitorStore(file);
    await new Notifier({ store: seed, config }).notify([opened(anomaly({ id: 'k1' }))]);
    await seed.close();

    const child = spawn(process.execPath, ['--require', HOOK, CHILD, file, receiver.url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
    await firstArrived;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = new SqliteMonitorStore(file);
    try {
      const successor = new Notifier({
        store,
        config: { ...config, delivery: { ...config.delivery, leaseMs: 1_000 } },
      });
      // Until the dead sender's lease runs out nothing is claimable; then exactly one re-delivery.
      for (let i = 0; i < 100 && receiver.requests.length < 2; i++) {
        await successor.deliverDue();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let i = 0; i < 3; i++) await successor.deliverDue();
      expect(receiver.requests).toHaveLength(2);
      const [first, second] = receiver.requests;
      expect([first.headers['idempotency-key'], second.headers['idempotency-key']]).toEqual([
        'k1:opened',
        'k1:opened',
      ]);
      expect(second.body).toBe(first.body);
      expect(second.headers['x-signature-256']).toBe(first.headers['x-signature-256']);
      expect(successor.stats()).toEqual([
        { channel: 'webhook', delivered: 1, failed_attempts: 0, dead_lettered: 0, pending: 0 },
      ]);
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      await store.close();
    }
  });
});
