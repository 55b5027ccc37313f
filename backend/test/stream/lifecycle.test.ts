import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { StreamDetectorInfo, StreamResponse } from '../../src/contract/stream';
import { startService, type RunningService } from '../helpers/service';
import { getDetector, postStream } from './streamClient';
import { cycling, eventually, gaussianPoints, minuteSeries } from './streamData';

jest.setTimeout(120_000);

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

describe('streaming detection: LlamaFarm lifecycle', () => {
  it('collects min_samples points (cold start), then trains version 1 and scores every later point', async () => {
    for (let i = 0; i < 9; i++) {
      const r = await stream({ model: 'cold', min_samples: 10, data: cycling(1, i)[0] });
      expect(r).toMatchObject({
        object: 'streaming_result',
        model: 'cold',
        status: 'collecting',
        model_version: 0,
      });
      expect(r.results).toEqual([
        { index: 0, score: null, is_anomaly: null, raw_score: null, samples_until_ready: 10 - (i + 1) },
      ]);
      expect(r.samples_collected).toBe(i + 1);
    }
    const tenth = await stream({ model: 'cold', data: { value: 14 } });
    expect(tenth).toMatchObject({
      status: 'ready',
      model_version: 1,
      samples_collected: 10,
      samples_until_ready: 0,
    });
    expect(tenth.results[0]).toEqual({
      index: 0,
      score: null,
      is_anomaly: null,
      raw_score: null,
      samples_until_ready: 0,
    });
    const scored = await stream({ model: 'cold', data: { value: 12 } });
    expect(scored.status).toBe('ready');
    expect(typeof scored.results[0].score).toBe('number');
    expect(typeof scored.results[0].is_anomaly).toBe('boolean');
    expect(typeof scored.results[0].raw_score).toBe('number');
    const outlier = await stream({ model: 'cold', data: { value: 1000 } });
    expect(outlier.results[0].score!).toBeGreaterThan(scored.results[0].score!);
    expect(outlier.results[0].is_anomaly).toBe(true);

    expect(await detector('cold')).toEqual({
      object: 'streaming_detector',
      model_id: 'cold',
      backend: 'ecod',
      status: 'ready',
      model_version: 1,
      samples_collected: 12,
      total_processed: 12,
      samples_since_retrain: 2,
      min_samples: 10,
      retrain_interval: 100,
      window_size: 1000,
      threshold: 0.5,
      is_ready: true,
      kind: 'tabular',
      contamination: 0.1,
      features: ['value'],
      anomalies_detected: expect.any(Number),
      last_trained_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_error: null,
    });
  });

  it("uses LlamaFarm's defaults: ecod, min_samples 50, retrain_interval 100, window 1000, threshold 0.5", async () => {
    const first = await stream({ data: cycling(49) });
    expect(first).toMatchObject({ model: 'default-stream', status: 'collecting', samples_until_ready: 1 });
    const ready = await stream({ data: cycling(2, 49) });
    expect(ready).toMatchObject({ status: 'ready', model_version: 1, threshold: 0.5 });
    expect(ready.results[1].score).not.toBeNull();
    expect(await detector('default-stream')).toMatchObject({
      backend: 'ecod',
      min_samples: 50,
      retrain_interval: 100,
      window_size: 1000,
      contamination: 0.1,
      threshold: 0.5,
    });
  });

  it('answers a batch with one result per point, indexed within the batch', async () => {
    const warm = await stream({ model: 'batch', min_samples: 10, data: cycling(10) });
    expect(warm.results.map((r) => r.index)).toEqual([...Array(10).keys()]);
    expect(warm.model_version).toBe(1);
    const more = await stream({ model: 'batch', data: cycling(5) });
    expect(more.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    for (const r of more.results) expect(r.score).not.toBeNull();
    // numeric arrays too: a batch of rows, and a flat array as one point (fields f0, f1, …)
    await stream({
      model: 'arrays',
      min_samples: 10,
      data: [
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    });
    const flat = await stream({ model: 'arrays', data: [4, 5] });
    expect(flat.results).toHaveLength(1);
    expect((await detector('arrays')).features).toEqual(['f0', 'f1']);
  });

  it('keeps a sliding window of window_size points', async () => {
    await stream({
      model: 'window',
      min_samples: 10,
      window_size: 50,
      retrain_interval: 1000,
      data: cycling(100),
    });
    expect(await detector('window')).toMatchObject({ samples_collected: 50, total_processed: 100 });
  });

  it('flags new points beyond what the window holds, on several features', async () => {
    const rows = (n: number, from: number) =>
      Array.from({ length: n }, (_, k) => {
        const i = from + k;
        return { amount: i * 10, count: i % 5, duration_ms: i * 100 };
      });
    await stream({ model: 'multi', min_samples: 20, data: rows(25, 0) });
    const normal = await stream({ model: 'multi', data: { amount: 100, count: 2, duration_ms: 500 } });
    const odd = await stream({ model: 'multi', data: { amount: 10000, count: 100, duration_ms: 50000 } });
    expect(odd.results[0].score!).toBeGreaterThan(normal.results[0].score!);
    expect(odd.results[0].is_anomaly).toBe(true);
    expect(normal.results[0].is_anomaly).toBe(false);
  });

  it('flags about `contamination` of ordinary points at the default threshold', async () => {
    await stream({
      model: 'calibrated',
      min_samples: 1000,
      retrain_interval: 100000,
      data: gaussianPoints(1000, 11),
    });
    const fresh = await stream({ model: 'calibrated', data: gaussianPoints(2000, 12) });
    const flagged = fresh.results.filter((r) => r.is_anomaly).length / fresh.results.length;
    expect(flagged).toBeGreaterThan(0.05);
    expect(flagged).toBeLessThan(0.15);
  });

  it('retrains in the background every retrain_interval points', async () => {
    await stream({ model: 'retrain', min_samples: 10, retrain_interval: 20, data: cycling(10) });
    expect((await detector('retrain')).model_version).toBe(1);
    await stream({ model: 'retrain', data: cycling(20, 10) });
    const retrained = await eventually(async () => {
      const d = await detector('retrain');
      return d.model_version === 2 && d.status === 'ready' ? d : undefined;
    });
    expect(retrained).toMatchObject({ total_processed: 30, samples_since_retrain: 0, last_error: null });
  });

  it('keeps scoring with the current model while a retrain runs in the worker pool', async () => {
    const id = 'retrain-while-scoring';
    const config = {
      model: id,
      backend: 'autoencoder',
      min_samples: 1000,
      window_size: 2000,
      retrain_interval: 1000,
    };
    const warm = await stream({ ...config, data: gaussianPoints(1000, 21) });
    expect(warm).toMatchObject({ status: 'ready', model_version: 1 });
    // The 1,000th point since training starts a retrain on the 2,000-point window (seconds of work).
    const trigger = await stream({ model: id, data: gaussianPoints(1000, 22) });
    expect(trigger).toMatchObject({ status: 'retraining', model_version: 1 });
    const during = await stream({ model: id, data: gaussianPoints(3, 23) });
    expect(during).toMatchObject({ status: 'retraining', model_version: 1 });
    for (const r of during.results) expect(typeof r.score).toBe('number');
    const health = await svc.get('/health');
    expect(health.body.workers.stream_training).toMatchObject({ threads: 1 });
    const done = await eventually(async () => {
      const d = await detector(id);
      return d.status === 'ready' ? d : undefined;
    });
    // Points that arrived during the retrain are the ones the new model has not seen.
    expect(done).toMatchObject({
      model_version: 2,
      samples_since_retrain: 3,
      total_processed: 2003,
      last_error: null,
    });
    const after = await stream({ model: id, data: gaussianPoints(1, 24) });
    expect(after.model_version).toBe(2);
    expect(after.results[0].score).not.toBeNull();
  });

  it('reset returns to cold start; delete removes the stream from memory and disk', async () => {
    await stream({ model: 'doomed', min_samples: 10, data: cycling(15) });
    const reset = await svc.post('/v1/anomaly/stream/doomed/reset', undefined);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      object: 'reset_result',
      model: 'doomed',
      status: 'collecting',
      reset: true,
    });
    expect(await detector('doomed')).toMatchObject({
      status: 'collecting',
      model_version: 0,
      samples_collected: 0,
      total_processed: 0,
      is_ready: false,
      min_samples: 10,
    });
    // the next point starts afresh, its fields included
    const again = await stream({ model: 'doomed', data: { other: 1 } });
    expect(again.results[0].samples_until_ready).toBe(9);
    expect((await detector('doomed')).features).toEqual(['other']);

    const dir = path.join(svc.dataDir, 'streams');
    const filesBefore = readdirSync(dir).length;
    const del = await svc.del('/v1/anomaly/stream/doomed');
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ object: 'delete_result', model: 'doomed', deleted: true });
    expect(readdirSync(dir).length).toBe(filesBefore - 1);
    for (const route of ['/v1/anomaly/stream/doomed', '/v1/ml/anomaly/stream/doomed']) {
      const gone = await svc.get(route);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({ detail: 'Streaming detector not found: doomed' });
    }
    expect((await svc.del('/v1/anomaly/stream/doomed')).status).toBe(404);
    expect((await svc.post('/v1/anomaly/stream/doomed/reset', undefined)).status).toBe(404);
    const list = await svc.get('/v1/anomaly/stream/detectors');
    expect(list.body.object).toBe('list');
    expect(list.body.total).toBe(list.body.data.length);
    expect(list.body.data.map((d: { model_id: string }) => d.model_id)).not.toContain('doomed');
  });

  it('serves the same streams under /v1/ml/anomaly', async () => {
    await stream({ model: 'both', min_samples: 10, data: cycling(10) }, '/v1/ml/anomaly');
    const viaRuntime = await detector('both');
    expect(viaRuntime.model_version).toBe(1);
    const viaMl = await svc.get('/v1/ml/anomaly/stream/both');
    expect(viaMl.body).toEqual(viaRuntime);
    const list = await svc.get('/v1/ml/anomaly/stream/detectors');
    expect(list.body.data.map((d: { model_id: string }) => d.model_id)).toContain('both');
    expect((await svc.del('/v1/ml/anomaly/stream/both')).status).toBe(200);
  });

  it('adds rolling statistics and lags as features when asked', async () => {
    const r = await stream({
      model: 'rolling',
      min_samples: 20,
      rolling_windows: [5, 10],
      include_lags: true,
      lag_periods: [1, 2],
      data: Array.from({ length: 25 }, (_, i) => ({ value: i * 10 })),
    });
    expect(r.results[24].score).not.toBeNull();
    const stats = [5, 10].flatMap((w) => ['mean', 'std', 'min', 'max'].map((s) => `value_rolling_${s}_${w}`));
    expect((await detector('rolling')).features).toEqual(['value', ...stats, 'value_lag_1', 'value_lag_2']);
    // lags without lag_periods take LlamaFarm's 1, 2, 3
    await stream({ model: 'lags', min_samples: 10, include_lags: true, data: cycling(3) });
    expect((await detector('lags')).features).toEqual(['value', 'value_lag_1', 'value_lag_2', 'value_lag_3']);
  });

  it('runs a causal streaming detector (holt_winters): rebuilt on the window, a spike scores above the rest', async () => {
    const series = minuteSeries(400, 3, { 350: 8 });
    const r = await stream({ model: 'causal', backend: 'holt_winters', min_samples: 50, data: series });
    expect(r.status).toBe('ready');
    // trained at point 50; the rebuild due at point 150 replays that window and catches up after the batch
    expect(r.model_version).toBe(2);
    const scores = r.results.map((x) => x.score);
    expect(scores.slice(0, 49).every((s) => s === null)).toBe(true);
    const spike = scores[350]!;
    const others = (scores.filter((s, i) => s !== null && i !== 350) as number[]).sort((a, b) => b - a);
    expect(spike).toBeGreaterThan(0.5);
    expect(spike).toBeGreaterThan(others[0]);
    expect(r.results[350].is_anomaly).toBe(true);
    expect(await detector('causal')).toMatchObject({
      kind: 'causal',
      features: ['v'],
      backend: 'holt_winters',
    });

    const back = await svc.post('/v1/anomaly/stream', {
      model: 'causal',
      data: { timestamp: series[10].timestamp, v: 10 },
    });
    expect(back.status).toBe(422);
    expect(back.body.detail[0].loc).toEqual(['body', 'data', 0, 'timestamp']);
    expect((await detector('causal')).total_processed).toBe(400);
  });

  it('persists each stream under LF_DATA_DIR/streams with hashed file names', async () => {
    const odd = '../../etc/passwd ✓ ' + 'x'.repeat(150);
    await stream({ model: odd, min_samples: 10, data: cycling(12) });
    expect((await detector(odd)).model_id).toBe(odd);
    const dir = path.join(svc.dataDir, 'streams');
    for (const name of readdirSync(dir))
      expect(name).toMatch(/^[0-9a-f]{32}(\.v\d+\.alm|\.json|\.journal-\d+\.log)$/);
    expect(existsSync(path.join(svc.dataDir, 'etc'))).toBe(false);
  });
});
