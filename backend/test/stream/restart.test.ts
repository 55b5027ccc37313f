import type { StreamDetectorInfo, StreamResponse } from '../../src/contract/stream';
import { newDataDir, startService, type RunningService } from '../helpers/service';
import { eventually, gaussianPoints, minuteSeries } from './streamData';

jest.setTimeout(120_000);

/** Two twin streams per kind get the same points; one is probed before the restart, its twin after. */
const KINDS = {
  tabular: {
    backend: 'isolation_forest',
    min_samples: 100,
    retrain_interval: 150,
    window_size: 300,
    rolling_windows: [5],
    include_lags: true,
    data: gaussianPoints(420, 31),
    probe: gaussianPoints(20, 32).concat([{ a: 9, b: -9 }]),
  },
  causal: {
    backend: 'holt_winters',
    min_samples: 60,
    retrain_interval: 100,
    window_size: 200,
    data: minuteSeries(420, 33),
    probe: minuteSeries(441, 33, { 440: 6 }).slice(420),
  },
} as const;

async function feed(svc: RunningService, id: string, body: Record<string, unknown>): Promise<StreamResponse> {
  const res = await svc.post('/v1/anomaly/stream', { model: id, ...body });
  expect(res.status).toBe(200);
  return res.body as StreamResponse;
}

async function settled(svc: RunningService, id: string): Promise<StreamDetectorInfo> {
  return eventually(async () => {
    const d = (await svc.get(`/v1/anomaly/stream/${id}`)).body as StreamDetectorInfo;
    return d.status === 'ready' ? d : undefined;
  });
}

describe('streaming detection: restarts', () => {
  it('a new process resumes every stream: same window, model and counters, identical scores', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    const before: Record<string, StreamDetectorInfo> = {};
    const probedFirst: Record<string, StreamResponse> = {};
    try {
      for (const [kind, { data, probe: _probe, ...config }] of Object.entries(KINDS)) {
        for (const twin of ['a', 'b']) await feed(first, `${kind}-${twin}`, { ...config, data });
        before[kind] = await settled(first, `${kind}-b`);
        expect(before[kind].model_version).toBeGreaterThanOrEqual(2);
        await settled(first, `${kind}-a`);
        probedFirst[kind] = await feed(first, `${kind}-a`, { data: KINDS[kind as keyof typeof KINDS].probe });
      }
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startService({ dataDir });
    try {
      const list = await second.get('/v1/anomaly/stream/detectors');
      expect(list.body.total).toBe(4);
      for (const kind of Object.keys(KINDS)) {
        const restored = (await second.get(`/v1/anomaly/stream/${kind}-b`)).body as StreamDetectorInfo;
        expect(restored).toEqual(before[kind]);
        const probed = await feed(second, `${kind}-b`, { data: KINDS[kind as keyof typeof KINDS].probe });
        // (status and model_version may differ: the probe can start a retrain that ends at its own pace)
        expect(probed.results).toEqual(probedFirst[kind].results);
        expect(probed.samples_collected).toBe(probedFirst[kind].samples_collected);
        // the probe's last point is far off: flagged on both sides of the restart
        expect(probed.results.at(-1)!.is_anomaly).toBe(true);
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('keeps every answered point even when the process is killed (state is written before the answer)', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    await feed(first, 'killed', { min_samples: 10, data: gaussianPoints(30, 41) });
    const last = await feed(first, 'killed', { data: gaussianPoints(5, 42) });
    first.process.kill('SIGKILL');
    await first.stop();

    const second = await startService({ dataDir });
    try {
      const d = (await second.get('/v1/anomaly/stream/killed')).body as StreamDetectorInfo;
      expect(d).toMatchObject({
        total_processed: 35,
        samples_collected: 35,
        model_version: last.model_version,
      });
    } finally {
      await second.stop();
    }
  });

  it('kill -9 during single-point calls on a large window: the restored stream is an uninterrupted one', async () => {
    const fill = 60_000; // the window (100,000) is not full: samples_collected counts every point
    const points = gaussianPoints(fill + 2_000, 61);
    const config = { backend: 'ecod', window_size: 100_000, min_samples: 50, retrain_interval: 1_000_000 };
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    for (let i = 0; i < fill; i += 10_000)
      await feed(first, 'big', { ...config, data: points.slice(i, i + 10_000) });
    let acknowledged = 0;
    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    const kill = setTimeout(() => first.process.kill('SIGKILL'), 1_500);
    try {
      for (let i = fill; i < points.length; i++) {
        const res = await first.post('/v1/anomaly/stream', { model: 'big', data: points[i] });
        if (res.status !== 200) break;
        acknowledged++;
      }
    } catch {
      // the connection died with the process
    } finally {
      clearTimeout(kill);
    }
    await exited;
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBeLessThan(2_000);

    const second = await startService({ dataDir });
    try {
      const restored = (await second.get('/v1/anomaly/stream/big')).body as StreamDetectorInfo;
      // the call in flight at the kill may have been committed, never more
      const kept = restored.total_processed - fill;
      expect([acknowledged, acknowledged + 1]).toContain(kept);
      expect(restored.samples_collected).toBe(fill + kept);
      for (let i = 0; i < fill + kept; i += 10_000)
        await feed(second, 'twin', { ...config, data: points.slice(i, Math.min(i + 10_000, fill + kept)) });
      const {
        model_id: _a,
        last_trained_at: _b,
        ...twin
      } = (await second.get('/v1/anomaly/stream/twin')).body as StreamDetectorInfo;
      const { model_id: _c, last_trained_at: _d, ...resumed } = restored;
      expect(resumed).toEqual(twin);
      const probe = gaussianPoints(5, 62).concat([{ a: 9, b: -9 }]);
      for (const p of probe) {
        const [a, b] = [await feed(second, 'big', { data: p }), await feed(second, 'twin', { data: p })];
        expect(a.results).toEqual(b.results);
        expect(a.samples_collected).toBe(b.samples_collected);
      }
    } finally {
      await second.stop();
    }
  });

  it('a retrain cut short by shutdown is simply due again after the restart', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    const config = { backend: 'autoencoder', min_samples: 300, window_size: 600, retrain_interval: 300 };
    await feed(first, 'cut', { ...config, data: gaussianPoints(300, 51) });
    const trigger = await feed(first, 'cut', { data: gaussianPoints(300, 52) });
    expect(trigger).toMatchObject({ status: 'retraining', model_version: 1 });
    expect(await first.stop()).toBe(0);

    const second = await startService({ dataDir });
    try {
      const d = (await second.get('/v1/anomaly/stream/cut')).body as StreamDetectorInfo;
      expect(d).toMatchObject({
        status: 'ready',
        model_version: 1,
        samples_since_retrain: 300,
        total_processed: 600,
        last_error: null,
      });
      const next = await feed(second, 'cut', { data: gaussianPoints(1, 53) });
      expect(next).toMatchObject({ status: 'retraining', model_version: 1 });
      expect((await settled(second, 'cut')).model_version).toBe(2);
    } finally {
      await second.stop();
    }
  });
});
