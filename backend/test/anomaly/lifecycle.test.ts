import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { startService, type RunningService } from '../helpers/service';

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const train = toRows(gaussianMatrix(300, 2, 8));
const modelsDir = (): string => path.join(svc.dataDir, 'models', 'anomaly');

describe('save, load, list, delete', () => {
  it('lists newest first with the versioning fields, and reloads what was saved', async () => {
    await svc.post('/v1/anomaly/fit', { model: 'older', data: train });
    await new Promise((r) => setTimeout(r, 20));
    await svc.post('/v1/anomaly/fit', { model: 'newer', data: train, normalization: 'zscore' });
    const list = await svc.get('/v1/anomaly/models');
    expect(list.body.object).toBe('list');
    expect(list.body.models_dir).toBe('models/anomaly'); // relative to the data directory
    const names = list.body.data.map((m: { name: string }) => m.name);
    expect(names.indexOf('newer')).toBeLessThan(names.indexOf('older'));
    expect(list.body.data[0]).toMatchObject({
      filename: 'newer_isolation_forest.alm',
      backend: 'isolation_forest',
      base_name: 'newer',
      is_versioned: false,
    });
    expect(list.body.data[0].size_bytes).toBeGreaterThan(0);
    expect(list.body.data[0].modified).toBeGreaterThan(1.7e9);

    const saved = await svc.post('/v1/anomaly/save', { model: 'newer' });
    expect(saved.body).toMatchObject({
      object: 'save_result',
      filename: 'newer_isolation_forest.alm',
      status: 'saved',
      encoder_path: null,
    });
    const loaded = await svc.post('/v1/anomaly/load', { model: 'newer' });
    expect(loaded.body).toMatchObject({
      object: 'load_result',
      model: 'newer',
      normalization: 'zscore',
      filename: 'newer_isolation_forest.alm',
      is_fitted: true,
      encoder_loaded: false,
      status: 'loaded',
    });
    expect(typeof loaded.body.threshold).toBe('number');
  });

  it('delete removes the file and evicts the model from memory (fix)', async () => {
    await svc.post('/v1/anomaly/fit', {
      model: 'doomed',
      data: [{ a: 1 }, { a: 2 }, { a: 3 }],
      schema: { a: 'numeric' },
    });
    // The encoder lives inside the model file: one file per model.
    expect(readdirSync(modelsDir()).filter((f) => f.startsWith('doomed'))).toEqual([
      'doomed_isolation_forest.alm',
    ]);
    const del = await svc.del('/v1/ml/anomaly/models/doomed_isolation_forest.alm');
    expect(del.body).toEqual({
      object: 'delete_result',
      filename: 'doomed_isolation_forest.alm',
      deleted: true,
    });
    expect(readdirSync(modelsDir()).filter((f) => f.startsWith('doomed'))).toEqual([]);
    const res = await svc.post('/v1/anomaly/score', { model: 'doomed', data: [{ a: 1 }] });
    expect(res.status).toBe(404);
  });

  it('lists the detectors with their metadata', async () => {
    const res = await svc.get('/v1/anomaly/backends');
    const iforest = res.body.data.find((b: { backend: string }) => b.backend === 'isolation_forest');
    expect(iforest).toMatchObject({ name: 'Isolation Forest', category: 'legacy', speed: 'fast' });
    expect(iforest.parameters).toEqual([
      'contamination',
      'n_estimators',
      'max_samples',
      'random_state',
      'range_guard',
    ]);
    expect(Object.keys(iforest.parameter_details)).toEqual(iforest.parameters);
    expect(res.body.total).toBe(res.body.data.length);
  });
});

describe('versioning layer', () => {
  it('versions by UTC second without collisions and resolves -latest to the newest', async () => {
    const fits = await Promise.all(
      [0, 1, 2].map(() =>
        svc.post('/v1/ml/anomaly/fit', { model: 'sensor', data: train, description: 'nightly' }),
      ),
    );
    const names = fits.map((f) => f.body.versioned_name as string);
    expect(new Set(names).size).toBe(3);
    for (const f of fits) {
      expect(f.body).toMatchObject({ base_name: 'sensor', overwrite: false });
      expect(f.body.model).toMatch(/^sensor_\d{8}_\d{6}(_\d+)?$/);
    }
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(names[0]).toContain(`sensor_${stamp}_`);

    await new Promise((r) => setTimeout(r, 20));
    const last = await svc.post('/v1/ml/anomaly/fit', { model: 'sensor', data: train.slice(0, 100) });
    const latest = await svc.post('/v1/ml/anomaly/score', {
      model: 'sensor-latest',
      data: train.slice(0, 2),
    });
    expect(latest.body.model).toBe(last.body.versioned_name);

    const list = await svc.get('/v1/ml/anomaly/models');
    const entry = list.body.data.find((m: { name: string }) => m.name === names[0]);
    expect(entry).toMatchObject({ base_name: 'sensor', is_versioned: true, description: 'nightly' });
  });

  it('overwrite:true trains the plain name', async () => {
    const res = await svc.post('/v1/ml/anomaly/fit', { model: 'plain', data: train, overwrite: true });
    expect(res.body).toMatchObject({ model: 'plain', versioned_name: 'plain', overwrite: true });
  });
});

describe('training off the event loop', () => {
  it('answers score requests for another model while a large fit runs', async () => {
    await svc.post('/v1/anomaly/fit', { model: 'quick', data: train });
    const big = toRows(gaussianMatrix(60_000, 8, 3));
    let fitDone = 0;
    const fit = svc
      .post('/v1/anomaly/fit', { model: 'big', data: big, params: { n_estimators: 300 } })
      .then((r) => {
        fitDone = performance.now();
        return r;
      });
    await new Promise((r) => setTimeout(r, 300)); // the fit request is now parsed and training
    const scoredAt: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await svc.post('/v1/anomaly/score', { model: 'quick', data: train.slice(0, 10) });
      expect(res.status).toBe(200);
      scoredAt.push(performance.now());
    }
    expect((await fit).status).toBe(200);
    expect(scoredAt.every((t) => t < fitDone)).toBe(true);
  }, 60_000);
});

describe('asynchronous fits', () => {
  it('returns a job at once, shows progress and the fit result, and the model then scores', async () => {
    const big = toRows(gaussianMatrix(20_000, 4, 12));
    const started = await svc.post('/v1/ml/anomaly/fit', {
      model: 'bg',
      data: big,
      async: true,
      params: { n_estimators: 400 },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ object: 'fit_job', backend: 'isolation_forest' });
    expect(started.body.status_url).toBe(`/v1/anomaly/jobs/${started.body.id}`);
    const seen = new Set<string>();
    let job = started.body;
    for (let i = 0; i < 600 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = (await svc.get(`/v1/ml/anomaly/jobs/${started.body.id}`)).body;
      seen.add(job.status);
    }
    expect(job.status).toBe('succeeded');
    expect(job.progress).toMatchObject({ phase: 'done', fraction: 1, eta_seconds: 0 });
    expect(job.result).toMatchObject({ object: 'fit_result', base_name: 'bg', samples_fitted: 20_000 });
    expect(seen.has('running')).toBe(true);
    const scored = await svc.post('/v1/ml/anomaly/score', { model: 'bg-latest', data: big.slice(0, 3) });
    expect(scored.status).toBe(200);
    expect(svc.logs()).toContain('fit job succeeded');
  }, 60_000);

  it('validates before queueing, and unknown jobs are 404', async () => {
    const bad = await svc.post('/v1/anomaly/fit', { model: 'x', data: [[1]], async: true });
    expect(bad.status).toBe(400);
    expect((await svc.get('/v1/anomaly/jobs/nope')).status).toBe(404);
  });
});
