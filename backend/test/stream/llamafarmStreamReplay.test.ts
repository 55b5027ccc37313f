/**
 * LlamaFarm's streaming-anomaly expectations (runtimes/universal/tests/test_streaming_anomaly.py,
 * api_types/anomaly.py, models/streaming_anomaly.py and its guides) replayed over HTTP against the
 * real service, where lifecycle.test.ts does not already: custom settings, the stats after warm-up,
 * several detectors, and what a LlamaFarm client sends that this service once refused or misread
 * (an empty batch, empty feature lists, `model_id`).
 */
import type { StreamDetectorInfo, StreamResponse } from '../../src/contract/stream';
import { startService, type RunningService } from '../helpers/service';
import { getDetector, postStream } from './streamClient';
import { cycling } from './streamData';

jest.setTimeout(60_000);

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const stream = (body: Record<string, unknown>, prefix?: string): Promise<StreamResponse> =>
  postStream(svc, body, prefix);
const detector = (id: string): Promise<StreamDetectorInfo> => getDetector(svc, id);
const values = (n: number): { value: number }[] => Array.from({ length: n }, (_, i) => ({ value: i }));

describe("LlamaFarm's streaming tests, replayed over HTTP", () => {
  it('keeps custom settings (hbos, min_samples 100, retrain 50, window 500, contamination 0.05, threshold 0.7)', async () => {
    const settings = {
      backend: 'hbos',
      min_samples: 100,
      retrain_interval: 50,
      window_size: 500,
      contamination: 0.05,
      threshold: 0.7,
    };
    const r = await stream({ model: 'custom', ...settings, data: { value: 1 } });
    expect(r).toMatchObject({
      status: 'collecting',
      model_version: 0,
      samples_until_ready: 99,
      threshold: 0.7,
    });
    expect(await detector('custom')).toMatchObject(settings);
  });

  it('reports the stats after warm-up: 15 points, min_samples 10, threshold 0.6', async () => {
    for (const point of values(15))
      await stream({
        model: 'stats-test',
        backend: 'ecod',
        min_samples: 10,
        retrain_interval: 20,
        window_size: 100,
        threshold: 0.6,
        data: point,
      });
    expect(await detector('stats-test')).toMatchObject({
      object: 'streaming_detector',
      model_id: 'stats-test',
      backend: 'ecod',
      status: 'ready',
      model_version: 1,
      samples_collected: 15,
      total_processed: 15,
      samples_since_retrain: 5, // counted from the first model, as LlamaFarm's
      min_samples: 10,
      retrain_interval: 20,
      window_size: 100,
      threshold: 0.6,
      is_ready: true,
    });
  });

  it('keeps one detector per id and lists every one', async () => {
    await stream({ model: 'same', backend: 'ecod', data: { value: 1 } });
    await stream({ model: 'same', backend: 'ecod', data: { value: 2 } });
    expect((await detector('same')).total_processed).toBe(2);
    for (const id of ['detector-a', 'detector-b', 'detector-c'])
      await stream({ model: id, data: { value: 1 } });
    const list = (await svc.get('/v1/anomaly/stream/detectors')).body;
    expect(list.total).toBe(list.data.length);
    expect(list.data.map((d: StreamDetectorInfo) => d.model_id)).toEqual(
      expect.arrayContaining(['same', 'detector-a', 'detector-b', 'detector-c']),
    );
  });
});

describe('what a LlamaFarm client sends', () => {
  it('an empty batch creates the detector in cold start (version 0, no samples) and changes nothing later', async () => {
    const created = await stream({ model: 'registered', min_samples: 10, data: [] });
    expect(created).toEqual({
      object: 'streaming_result',
      model: 'registered',
      status: 'collecting',
      results: [],
      model_version: 0,
      samples_collected: 0,
      samples_until_ready: 10,
      threshold: 0.5,
    });
    expect(await detector('registered')).toMatchObject({
      status: 'collecting',
      model_version: 0,
      samples_collected: 0,
      total_processed: 0,
      is_ready: false,
      min_samples: 10,
      features: null,
    });
    // the first real point fixes the features; an empty batch on a ready stream is a no-op
    const ready = await stream({ model: 'registered', data: cycling(10) });
    expect(ready).toMatchObject({ status: 'ready', model_version: 1 });
    const before = await detector('registered');
    const nothing = await stream({ model: 'registered', data: [] }, '/v1/ml/anomaly');
    expect(nothing).toMatchObject({ status: 'ready', results: [], model_version: 1, samples_collected: 10 });
    expect(await detector('registered')).toEqual(before);
    expect(before.features).toEqual(['value']);
  });

  it('a detector created by an empty batch survives kill -9 with its settings', async () => {
    const first = await startService();
    try {
      const res = await first.post('/v1/anomaly/stream', { model: 'kept-empty', min_samples: 12, data: [] });
      expect(res.status).toBe(200);
    } finally {
      first.process.kill('SIGKILL');
      await new Promise((resolve) => first.process.once('exit', resolve));
    }
    const second = await startService({ dataDir: first.dataDir });
    try {
      const res = await second.get('/v1/anomaly/stream/kept-empty');
      expect(res.body).toMatchObject({
        status: 'collecting',
        samples_collected: 0,
        min_samples: 12,
        features: null,
      });
      const point = await second.post('/v1/anomaly/stream', { model: 'kept-empty', data: { value: 1 } });
      expect(point.body).toMatchObject({ samples_collected: 1, samples_until_ready: 11 });
    } finally {
      await second.stop();
    }
  });

  it('empty rolling_windows / lag_periods ask for no derived features, as LlamaFarm reads them', async () => {
    await stream({ model: 'no-rolling', rolling_windows: [], data: { value: 1 } });
    expect((await detector('no-rolling')).features).toEqual(['value']);
    await stream({ model: 'no-lags', include_lags: true, lag_periods: [], data: { value: 1 } });
    expect((await detector('no-lags')).features).toEqual(['value']);
    // sent again unchanged on a later point, nothing is reported as ignored
    const again = await stream({ model: 'no-rolling', rolling_windows: [], data: { value: 2 } });
    expect(again.warnings).toBeUndefined();
  });

  it("reads LlamaFarm's guide's model_id as the stream's id, and says so", async () => {
    const r = await stream({ model_id: 'my-sensor', data: { temp: 45.0, vibration: 0.5 } }, '/v1/ml/anomaly');
    expect(r.model).toBe('my-sensor');
    expect(r.warnings).toEqual([
      "model_id was read as 'model' (LlamaFarm's runtime ignores model_id and would use 'default-stream'); send 'model'",
    ]);
    expect((await svc.get('/v1/ml/anomaly/stream/my-sensor')).body.features).toEqual(['temp', 'vibration']);
    expect((await svc.get('/v1/anomaly/stream/default-stream')).status).toBe(404);
    // with model present, model_id is ignored (and named)
    const both = await stream({
      model: 'my-sensor',
      model_id: 'other',
      data: { temp: 46.0, vibration: 0.4 },
    });
    expect(both.model).toBe('my-sensor');
    expect(both.warnings).toEqual(['model_id "other" was ignored: \'model\' names the stream']);
    expect((await detector('my-sensor')).total_processed).toBe(2);
    const bad = await svc.post('/v1/anomaly/stream', { model_id: 7, data: { v: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([
      { loc: ['body', 'model_id'], msg: "model_id must be a string (the stream's id)", type: 'value_error' },
    ]);
  });
});
