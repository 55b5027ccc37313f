import { Notifier } from '../../src/notify/notifier';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { startRecorder, type Answer, type RecordedRequest, type Recorder } from '../helpers/httpRecorder';
import { anomaly, newDbFile, notifyConfig, opened, resolvedCopy, T0, testClock } from './fixtures';

const TOKEN = 'glsa_test_token';
const HOUR = 3_600_000;

interface Annotation {
  id: number;
  time: number;
  timeEnd?: number;
  tags: string[];
  text: string;
}

/**
 * Grafana is not installed here, so its annotations API is played by a local HTTP server that
 * keeps annotations as Grafana documents them (POST creates and answers the id, PATCH updates the
 * given fields, GET filters by every `tags` given) and refuses requests without the bearer token.
 * This checks our side of the contract (methods, paths, auth header, body fields), not Grafana.
 */
function fakeGrafana(annotations: Annotation[]) {
  return (req: RecordedRequest): Answer => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return { status: 401, body: { message: 'Unauthorized' } };
    const url = new URL(req.url, 'http://grafana');
    if (req.method === 'GET' && url.pathname === '/api/annotations') {
      const tags = url.searchParams.getAll('tags');
      return { status: 200, body: annotations.filter((a) => tags.every((t) => a.tags.includes(t))) };
    }
    if (req.method === 'POST' && url.pathname === '/api/annotations') {
      const body = JSON.parse(req.body) as Omit<Annotation, 'id'>;
      const id = 100 + annotations.length;
      annotations.push({ id, ...body });
      return { status: 200, body: { message: 'Annotation added', id } };
    }
    const patch = /^\/api\/annotations\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && patch) {
      const target = annotations.find((a) => a.id === Number(patch[1]));
      if (!target) return { status: 404, body: { message: 'not found' } };
      Object.assign(target, JSON.parse(req.body));
      return { status: 200, body: { message: 'Annotation patched' } };
    }
    return { status: 404, body: { message: 'no such route' } };
  };
}

describe('Grafana annotations (against a local stand-in for the HTTP API)', () => {
  let grafana: Recorder;
  let annotations: Annotation[];
  const stores: SqliteMonitorStore[] = [];
  const open = (file: string): SqliteMonitorStore => {
    const store = new SqliteMonitorStore(file);
    stores.push(store);
    return store;
  };
  const config = (token = TOKEN) => notifyConfig({ grafana: { url: `${grafana.url}/`, token } });
  const calls = () => grafana.requests.map((r) => `${r.method} ${new URL(r.url, 'http://g').pathname}`);

  beforeEach(async () => {
    annotations = [];
    grafana = await startRecorder(fakeGrafana(annotations));
  });
  afterEach(async () => {
    await grafana.close();
    for (const store of stores.splice(0)) await store.close();
  });

  it('creates a tagged annotation and, after a restart, ends it by its stored id', async () => {
    const file = newDbFile();
    const clock = testClock();
    const a = anomaly({ id: 'g1' });
    const first = new Notifier({ store: open(file), config: config(), clock });
    await first.notify([opened(a)]);
    await first.deliverDue();
    expect(calls()).toEqual(['GET /api/annotations', 'POST /api/annotations']);
    expect(new URL(grafana.requests[0].url, 'http://g').searchParams.getAll('tags')).toEqual(['anomaly:g1']);
    for (const req of grafana.requests) expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(grafana.requests[1].body)).toEqual({
      time: T0,
      tags: ['anomaly-lens', 'type:cost_spike', 'anomaly:g1', 'org:acme', 'feature:chat'],
      text: 'cost 4.4× above its 7-day baseline in feature chat\nobserved 1.87 vs expected 0.42 (+345%, 5.1σ)',
    });

    await stores[0].close();
    const second = new Notifier({ store: open(file), config: config(), clock });
    await second.notify([{ kind: 'resolved', anomaly: resolvedCopy(a, T0 + 2 * HOUR) }]);
    await second.deliverDue();
    expect(calls().slice(2)).toEqual(['PATCH /api/annotations/100']); // the stored id: no lookup
    expect(annotations).toEqual([expect.objectContaining({ id: 100, time: T0, timeEnd: T0 + 2 * HOUR })]);
    expect(annotations[0].text.endsWith('\nresolved')).toBe(true);
    expect(second.stats()).toEqual([
      { channel: 'grafana', delivered: 2, failed_attempts: 0, dead_lettered: 0, pending: 0 },
    ]);
  });

  it('adopts the annotation it created when the answer was lost, instead of adding a second', async () => {
    const clock = testClock();
    const serve = fakeGrafana(annotations);
    // Grafana stores the first POST but the answer never arrives (a 502 from a proxy, say).
    grafana.respond = (req, n) => {
      const answer = serve(req);
      return req.method === 'POST' && n === 1 ? { status: 502 } : answer;
    };
    const notifier = new Notifier({ store: open(newDbFile()), config: config(), clock });
    const a = anomaly({ id: 'g2' });
    await notifier.notify([opened(a)]);
    await notifier.deliverDue();
    clock.advance(HOUR);
    await notifier.deliverDue();
    await notifier.anomalyChanged({
      ...a,
      status: 'dismissed',
      history: [...a.history, { at: new Date(T0 + HOUR).toISOString(), status: 'dismissed' }],
    });
    await notifier.deliverDue();
    expect(calls()).toEqual([
      'GET /api/annotations',
      'POST /api/annotations',
      'GET /api/annotations',
      'PATCH /api/annotations/100',
    ]);
    expect(annotations.map((x) => [x.id, x.timeEnd])).toEqual([[100, T0 + HOUR]]);
  });

  it('keeps the token out of what it reports when Grafana refuses it', async () => {
    const notifier = new Notifier({
      store: open(newDbFile()),
      config: config('wrong-token'),
      clock: testClock(),
    });
    await notifier.notify([opened(anomaly({ id: 'g3' }))]);
    await notifier.deliverDue();
    const dead = await notifier.deadLetters();
    expect(dead.map((d) => [d.key, d.lastError])).toEqual([['grafana/g3:opened', 'HTTP 401']]);
    expect(JSON.stringify(dead)).not.toContain('wrong-token');
    expect(JSON.stringify(notifier.stats())).not.toContain('wrong-token');
  });
});
