import type { StreamDetectorInfo } from '../../src/contract/stream';
import { startService, type RunningService } from '../helpers/service';
import { cycling } from './streamData';

jest.setTimeout(60_000);

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
  const warm = await svc.post('/v1/anomaly/stream', { model: 'kept', min_samples: 10, data: cycling(12) });
  expect(warm.status).toBe(200);
});
afterAll(async () => {
  await svc.stop();
});

const kept = async (): Promise<StreamDetectorInfo> => (await svc.get('/v1/anomaly/stream/kept')).body;

describe('streaming detection: bad input is a clear 4xx and changes nothing', () => {
  const cases: [string, unknown, number, string | RegExp][] = [
    ['min_samples below 10', { model: 'x', min_samples: 5, data: cycling(1) }, 422, /min_samples|>=10/],
    ['window_size below 50', { model: 'x', window_size: 10, data: cycling(1) }, 422, />=50/],
    ['retrain_interval below 10', { model: 'x', retrain_interval: 1, data: cycling(1) }, 422, />=10/],
    [
      'min_samples above window_size',
      { model: 'x', min_samples: 200, window_size: 100, data: cycling(1) },
      422,
      /exceed window_size/,
    ],
    ['threshold above 1', { model: 'x', threshold: 2, data: cycling(1) }, 422, /<=1/],
    ['contamination 0', { model: 'x', contamination: 0, data: cycling(1) }, 422, />0/],
    [
      'unknown backend',
      { model: 'x', backend: 'vae', data: cycling(1) },
      422,
      /unknown backend; valid: .*ecod.*holt_winters/,
    ],
    ['no data', { model: 'x' }, 422, /data/],
    [
      'a string as data',
      { model: 'x', data: 'hello' },
      422,
      /data must be a point .*a list of points, or a list of numbers/,
    ],
    ['no numeric field', { model: 'x', data: { name: 'a' } }, 422, /no numeric field/],
    [
      'a point that is neither object nor array',
      { model: 'x', data: [{ v: 1 }, 'two'] },
      422,
      /point 1 must be an object/,
    ],
    [
      'bad detector params',
      { model: 'x', backend: 'isolation_forest', params: { n_estimators: 'many' }, data: cycling(1) },
      422,
      /number/,
    ],
    [
      'bad causal config',
      { model: 'x', backend: 'ewma', params: { nonsense: 1 }, data: cycling(1) },
      422,
      /nonsense/,
    ],
    ['empty model name', { model: '', data: cycling(1) }, 422, /must not be empty/],
    ['a bad timestamp', { model: 'x', data: { v: 1, timestamp: 'yesterday' } }, 422, /timestamp must be/],
  ];
  it.each(cases)('%s', async (_name, body, status, detail) => {
    const res = await svc.post('/v1/anomaly/stream', body);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body.detail)).toMatch(detail);
    expect((await svc.get('/v1/anomaly/stream/x')).status).toBe(404); // no stream was created
  });

  it('rejects a whole batch when one point is bad, naming it, and keeps nothing of it', async () => {
    const before = await kept();
    const res = await svc.post('/v1/anomaly/stream', {
      model: 'kept',
      data: [{ value: 1 }, { value: 2 }, { value: 'high' }, { value: 4 }],
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        loc: ['body', 'data', 2, 'value'],
        msg: "point 2: feature 'value' must be a finite number or a boolean",
        type: 'value_error',
      },
    ]);
    const missing = await svc.post('/v1/anomaly/stream', { model: 'kept', data: [{ other: 1 }] });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].msg).toBe("point 0: feature 'value' is missing");
    expect(await kept()).toEqual(before);
  });

  it('refuses more than 10,000 points in one request (413)', async () => {
    const before = await kept();
    const res = await svc.post('/v1/anomaly/stream', { model: 'kept', data: cycling(10_001) });
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/at most 10000 points/);
    expect(await kept()).toEqual(before);
  });

  it('names what it ignored: unknown fields, changed settings of an existing stream, extra point fields', async () => {
    const res = await svc.post('/v1/anomaly/stream', {
      model: 'kept',
      backend: 'hbos',
      min_sample: 20,
      data: { value: 11, extra: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([
      "unknown field 'min_sample' was ignored; did you mean 'min_samples'?",
      `stream 'kept' keeps its backend "ecod"; the request's "hbos" was ignored (reset does not change it: delete the stream to reconfigure)`,
      "field 'extra' is not one of the stream's features (value) and was ignored",
    ]);
    expect((await kept()).backend).toBe('ecod');
  });

  it('answers 404 for unknown streams, 415 for a non-JSON type and 422 for broken JSON', async () => {
    for (const [method, route] of [
      ['get', '/v1/anomaly/stream/nope'],
      ['del', '/v1/anomaly/stream/nope'],
    ] as const) {
      const res = await svc[method](route);
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('Streaming detector not found: nope');
    }
    expect((await svc.post('/v1/anomaly/stream/nope/reset', undefined)).status).toBe(404);
    const text = await fetch(`${svc.url}/v1/anomaly/stream`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"data": {"v": 1}}',
    });
    expect(text.status).toBe(415);
    const broken = await svc.post('/v1/anomaly/stream', '{"data": [');
    expect(broken.status).toBe(422); // malformed JSON, as FastAPI answers it
    expect(svc.logs()).not.toContain('unhandled error');
  });
});
