import { newDataDir, startService, type RunningService } from '../helpers/service';
import { events, readEventsDb } from './eventsDb';

describe('POST /v1/events (the compiled service)', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.stop();
  });

  it('accepts a JSON array and {"events": [...]}, ISO and epoch-ms timestamps', async () => {
    const first = await service.post('/v1/events', events(30, 'arr', 'shape'));
    expect(first).toEqual({ status: 200, body: { accepted: 30, duplicates: 0 } });
    const second = await service.post('/v1/events', { events: events(20, 'obj', 'shape') });
    expect(second).toEqual({ status: 200, body: { accepted: 20, duplicates: 0 } });
    const noIds = await service.post('/v1/events', [{ org: 'shape', timestamp: Date.now() }]);
    expect(noIds.body).toEqual({ accepted: 1, duplicates: 0 });
    expect(await service.post('/v1/events', [])).toEqual({
      status: 200,
      body: { accepted: 0, duplicates: 0 },
    });
  });

  it('refuses more than 10,000 events in one call, naming the cap, and stores none', async () => {
    const before = readEventsDb(service.dataDir).requests;
    const res = await service.post('/v1/events', events(10_001, 'big', 'big'));
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/at most 10,000 events per call/);
    expect(readEventsDb(service.dataDir).requests).toBe(before);
    const cap = await service.post('/v1/events', { events: events(10_000, 'big', 'big') });
    expect(cap.body).toEqual({ accepted: 10_000, duplicates: 0 });
  });

  it('names the index and field of every bad event and stores nothing of that call', async () => {
    const before = readEventsDb(service.dataDir);
    const batch = events(6, 'bad', 'valid');
    batch[3] = { ...batch[3], timestamp: 'yesterday' };
    batch[5] = { ...batch[5], latency_ms: '120', tokens_in: -1 };
    const res = await service.post('/v1/events', batch);
    expect(res.status).toBe(422);
    expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ['body', 3, 'timestamp'],
      ['body', 5, 'latency_ms'],
      ['body', 5, 'tokens_in'],
    ]);
    expect(res.body.detail[0].msg).toMatch(/ISO 8601/);
    const wrapped = await service.post('/v1/events', {
      events: [{ timestamp: Date.now() }, { org: 1, timestamp: 'soon' }],
    });
    expect(wrapped.status).toBe(422);
    expect(wrapped.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ['body', 'events', 0, 'org'],
      ['body', 'events', 1, 'org'],
      ['body', 'events', 1, 'timestamp'],
    ]);
    expect(readEventsDb(service.dataDir)).toEqual(before);
    // The good events of the refused call were not remembered either: they are new now.
    const retry = await service.post('/v1/events', events(6, 'bad', 'valid'));
    expect(retry.body).toEqual({ accepted: 6, duplicates: 0 });
  });

  it('refuses timestamps outside the window and bodies of the wrong shape', async () => {
    const old = Date.now() - 29 * 86_400_000;
    const res = await service.post('/v1/events', [
      { org: 'w', timestamp: old },
      { org: 'w', timestamp: Date.now() + 3_600_000 },
      { org: 'w', timestamp: Math.floor(Date.now() / 1000) },
      { org: 'w', timestamp: '2026-01-05T12:00:00' },
    ]);
    expect(res.status).toBe(422);
    const msgs = res.body.detail.map((d: { loc: unknown[]; msg: string }) => `${d.loc.join('.')}: ${d.msg}`);
    expect(msgs[0]).toMatch(/^body\.0\.timestamp: .*older than the retention window/);
    expect(msgs[1]).toMatch(/^body\.1\.timestamp: .*ahead of the server clock/);
    expect(msgs[2]).toMatch(/^body\.2\.timestamp: .*epoch seconds\?/);
    expect(msgs[3]).toMatch(/^body\.3\.timestamp: .*ISO 8601 with a zone/);
    for (const body of [{ org: 'x' }, 'text', { events: 'no' }]) {
      const wrong = await service.post('/v1/events', body);
      expect(wrong.status).toBe(422);
    }
  });

  it('counts errors (error: true, status ≥ 500 or 429) per bucket', async () => {
    const dataDir = newDataDir();
    const other = await startService({ dataDir });
    try {
      const t = Date.now() - 60_000;
      await other.post('/v1/events', [
        { org: 'e', timestamp: t, error: true },
        { org: 'e', timestamp: t, status: 503 },
        { org: 'e', timestamp: t, status: 429 },
        { org: 'e', timestamp: t, status: 404 },
        { org: 'e', timestamp: t, status: 200, error: false },
      ]);
    } finally {
      await other.stop();
    }
    expect(readEventsDb(dataDir)).toMatchObject({ requests: 5, errors: 3 });
  });
});

describe('de-duplication', () => {
  it('ignores re-sent ids across calls and across a restart, per org', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    try {
      expect((await first.post('/v1/events', events(100, 'd'))).body).toEqual({
        accepted: 100,
        duplicates: 0,
      });
      expect((await first.post('/v1/events', events(150, 'd'))).body).toEqual({
        accepted: 50,
        duplicates: 100,
      });
      // The same ids in another org are other events.
      expect((await first.post('/v1/events', events(10, 'd', 'beta'))).body).toEqual({
        accepted: 10,
        duplicates: 0,
      });
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startService({ dataDir });
    try {
      expect((await second.post('/v1/events', events(200, 'd'))).body).toEqual({
        accepted: 50,
        duplicates: 150,
      });
    } finally {
      await second.stop();
    }
    expect(readEventsDb(dataDir)).toMatchObject({ requests: 210, ids: 210, integrity: 'ok' });
  });
});
