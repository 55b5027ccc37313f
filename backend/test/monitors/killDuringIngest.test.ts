import path from 'node:path';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { newDataDir, startService } from '../helpers/service';
import { events, readEventsDb } from './eventsDb';

const BATCH = 2_000;

/**
 * Durability of acknowledged events: batches stream into the real service, which is killed with
 * SIGKILL while a batch is in flight. After a restart on the same data dir, every acknowledged
 * event is counted, the in-flight batch is there entirely or not at all, and the file is sound.
 */
describe('kill -9 during ingest', () => {
  it('keeps every acknowledged event and never half a batch', async () => {
    const dataDir = newDataDir();
    const service = await startService({ dataDir });
    let acknowledged = 0;
    let batches = 0;
    let inFlight: Record<string, unknown>[] | undefined;
    const killAt = Date.now() + 1_500;
    let killed = false;
    while (!killed) {
      const batch = events(BATCH, `k${batches}`);
      inFlight = batch;
      const sending = service.post('/v1/events', batch);
      if (Date.now() >= killAt) {
        // Let the request reach the service, then kill it mid-call.
        await new Promise((resolve) => setTimeout(resolve, 5 + (batches % 20)));
        service.process.kill('SIGKILL');
        killed = true;
        await sending.catch(() => undefined); // its answer, if any, is not counted as acknowledged
        break;
      }
      const res = await sending;
      expect(res.body).toEqual({ accepted: BATCH, duplicates: 0 });
      acknowledged += res.body.accepted;
      batches++;
      inFlight = undefined;
    }
    if (service.process.exitCode === null && service.process.signalCode === null)
      await new Promise((resolve) => service.process.once('exit', resolve));
    expect(service.process.signalCode).toBe('SIGKILL');
    expect(batches).toBeGreaterThan(3);

    const counted = readEventsDb(dataDir);
    expect(counted.integrity).toBe('ok');
    expect([acknowledged, acknowledged + BATCH]).toContain(counted.requests);

    // The restarted service opens the file, and the in-flight batch was atomic: re-sending it is
    // all duplicates (it committed) or all new (it did not).
    const again = await startService({ dataDir });
    try {
      const resent = await again.post('/v1/events', inFlight);
      const committed = counted.requests === acknowledged + BATCH;
      expect(resent.body).toEqual(
        committed ? { accepted: 0, duplicates: BATCH } : { accepted: BATCH, duplicates: 0 },
      );
    } finally {
      expect(await again.stop()).toBe(0);
    }
    const store = new SqliteMonitorStore(path.join(dataDir, 'monitors.db'));
    try {
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      await store.close();
    }
    expect(readEventsDb(dataDir).requests).toBe(acknowledged + BATCH);
  }, 60_000);
});
