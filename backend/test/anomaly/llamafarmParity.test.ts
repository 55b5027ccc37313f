import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { newDataDir, startService, type RunningService } from '../helpers/service';

/**
 * Field parity with today's LlamaFarm (runtimes/universal/routers/anomaly/{router,types,service}.py,
 * server/services/ml_model_service.py, tests/test_anomaly_router.py), and the deliberate differences
 * announced in `warnings`.
 */

let svc: RunningService;
const dataDir = newDataDir();
beforeAll(async () => {
  svc = await startService({ dataDir });
});
afterAll(async () => {
  await svc.stop();
});

const modelsDir = (): string => path.join(dataDir, 'models', 'anomaly');

describe('scaler_type', () => {
  // kNN with k = 1 scores a row by its distance to the nearest training row in the scaled space:
  // from 6 the nearest is 4, so the raw score is 2 / scale. Robust: IQR of 0,1,2,3,4,10 = 3.75 − 1.25 = 2.5;
  // standard: population std = sqrt(130/6 − (20/6)²) = 3.248931448.
  const train = [[0], [1], [2], [3], [4], [10]];
  const fit = (model: string, scaler?: string) =>
    svc.post('/v1/anomaly/fit', {
      model,
      backend: 'knn',
      data: train,
      params: { n_neighbors: 1 },
      ...(scaler ? { scaler_type: scaler } : {}),
    });
  const raw = async (model: string, extra: Record<string, unknown> = {}) =>
    svc.post('/v1/anomaly/score', { model, data: [[6]], normalization: 'raw', ...extra });

  it('robust by default, standard when asked: golden raw scores', async () => {
    const robust = await fit('scaled-default');
    expect(robust.status).toBe(200);
    expect(robust.body.model_params.scaler_type).toBe('robust');
    const standard = await fit('scaled-standard', 'standard');
    expect(standard.body.model_params.scaler_type).toBe('standard');
    expect((await raw('scaled-default')).body.data[0].raw_score).toBeCloseTo(2 / 2.5, 12);
    expect((await raw('scaled-standard')).body.data[0].raw_score).toBeCloseTo(2 / 3.248931448, 9);
  });

  it('is kept in the model file: a new process scores the same and load reports it', async () => {
    const before = (await raw('scaled-standard')).body.data[0].raw_score;
    await svc.stop();
    svc = await startService({ dataDir });
    expect((await raw('scaled-standard')).body.data[0].raw_score).toBe(before);
    const loaded = await svc.post('/v1/anomaly/load', { model: 'scaled-standard', backend: 'knn' });
    expect(loaded.body.scaler_type).toBe('standard');
  });

  it('a score request naming another scaler is told the model keeps its own', async () => {
    const res = await raw('scaled-standard', { scaler_type: 'robust' });
    expect(res.status).toBe(200);
    expect(res.body.data[0].raw_score).toBeCloseTo(2 / 3.248931448, 9);
    expect(res.body.warnings).toEqual([expect.stringContaining("fitted with the 'standard' scaler")]);
    const same = await raw('scaled-standard', { scaler_type: 'standard' });
    expect(same.body.warnings).toBeUndefined();
  });

  it('rejects a scaler LlamaFarm does not have', async () => {
    const res = await fit('scaled-bad', 'minmax');
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'scaler_type']);
  });
});

describe('autoencoder early stopping fields', () => {
  const train = toRows(gaussianMatrix(80, 3, 5));
  const fitAe = (extra: Record<string, unknown>) =>
    svc.post('/v1/anomaly/fit', { model: 'ae', backend: 'autoencoder', data: train, epochs: 4, ...extra });

  it("uses LlamaFarm's defaults when absent", async () => {
    const res = await fitAe({});
    expect(res.status).toBe(200);
    expect(res.body.model_params).toMatchObject({ validation_split: 0.1, patience: 10, min_delta: 1e-4 });
    expect(res.body.model_params.epochs_trained).toBe(4);
  });

  it('patience and min_delta stop training: no epoch improves by 1e9, so it stops after patience + 1', async () => {
    const res = await fitAe({ patience: 2, min_delta: 1e9, validation_split: 0.25, epochs: 50 });
    expect(res.status).toBe(200);
    expect(res.body.model_params).toMatchObject({
      validation_split: 0.25,
      patience: 2,
      min_delta: 1e9,
      epochs_trained: 3,
      best_epoch: 1,
      early_stopped: true,
    });
  });

  it('validation_split 0 stops on the training rows themselves', async () => {
    const res = await fitAe({ validation_split: 0 });
    expect(res.status).toBe(200);
    expect(res.body.model_params.validation_split).toBe(0);
    expect(Number.isFinite(res.body.model_params.best_validation_loss)).toBe(true);
  });

  it('sent for a backend that trains in one pass, they are named as ignored', async () => {
    const res = await svc.post('/v1/anomaly/fit', {
      model: 'one-pass',
      backend: 'ecod',
      data: train,
      patience: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([
      "patience ignored: backend 'ecod' does not train iteratively (the autoencoder does)",
    ]);
    const ae = await fitAe({ patience: 3 });
    expect(ae.body.warnings).toBeUndefined();
  });

  it.each([
    ['validation_split', 0.6],
    ['validation_split', -0.1],
    ['patience', 0],
    ['patience', 1.5],
    ['min_delta', -1],
  ])('%s %p is a 422 at its location', async (field, value) => {
    const res = await fitAe({ [field]: value });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', field]);
  });
});

describe('load response', () => {
  it("has LlamaFarm's fields, the encoder schema included", async () => {
    const schema = { latency_ms: 'numeric', method: 'label', agent: 'hash' };
    const rows = Array.from({ length: 30 }, (_, i) => ({
      latency_ms: 100 + (i % 7),
      method: i % 3 ? 'GET' : 'POST',
      agent: `agent-${i % 4}`,
    }));
    expect((await svc.post('/v1/anomaly/fit', { model: 'api', data: rows, schema })).status).toBe(200);
    const res = await svc.post('/v1/anomaly/load', { model: 'api', backend: 'isolation_forest' });
    expect(res.status).toBe(200);
    for (const key of [
      'object',
      'model',
      'backend',
      'normalization',
      'filename',
      'is_fitted',
      'threshold',
      'encoder_loaded',
      'encoder_schema',
      'status',
    ]) {
      expect(res.body).toHaveProperty(key);
    }
    expect(res.body).toMatchObject({
      object: 'load_result',
      model: 'api',
      backend: 'isolation_forest',
      normalization: 'standardization',
      filename: 'api_isolation_forest.alm',
      is_fitted: true,
      encoder_loaded: true,
      encoder_schema: { features: schema },
      status: 'loaded',
    });
  });

  it('encoder_schema is null for a model fitted on numeric rows', async () => {
    await svc.post('/v1/anomaly/fit', { model: 'numeric', data: toRows(gaussianMatrix(40, 2, 3)) });
    const res = await svc.post('/v1/anomaly/load', { model: 'numeric' });
    expect(res.body).toMatchObject({ encoder_loaded: false, encoder_schema: null });
  });
});

describe('error details in LlamaFarm words', () => {
  it('an unknown model is "not found" and "not fitted" on score and detect, "not found" on load', async () => {
    for (const route of ['/v1/anomaly/score', '/v1/anomaly/detect', '/v1/ml/anomaly/score']) {
      const res = await svc.post(route, { model: 'never-fitted', data: [[1]] });
      expect(res.status).toBe(404);
      expect(res.body.detail.toLowerCase()).toContain('not found');
      expect(res.body.detail.toLowerCase()).toContain('not fitted');
    }
    const load = await svc.post('/v1/anomaly/load', { model: 'never-fitted', backend: 'isolation_forest' });
    expect(load.status).toBe(404);
    expect(load.body.detail.toLowerCase()).toContain('not found');
    const del = await svc.del('/v1/anomaly/models/never-fitted_isolation_forest.alm');
    expect(del.status).toBe(404);
    expect(del.body.detail.toLowerCase()).toContain('not found');
  });
});

describe("LlamaFarm's own model files", () => {
  it('are listed with why they cannot be used, and named when a client asks for that model', async () => {
    writeFileSync(path.join(modelsDir(), 'legacy_isolation_forest.joblib'), 'pickle bytes');
    const list = await svc.get('/v1/anomaly/models');
    const entry = list.body.data.find(
      (m: { filename: string }) => m.filename === 'legacy_isolation_forest.joblib',
    );
    expect(entry).toMatchObject({ size_bytes: 12, error: expect.stringContaining('cannot load') });
    expect(list.body.total).toBe(list.body.data.length);
    expect(list.body.warnings).toEqual([expect.stringContaining('1 LlamaFarm model file')]);

    for (const [route, body] of [
      ['/v1/anomaly/score', { model: 'legacy', data: [[1]] }],
      ['/v1/anomaly/load', { model: 'legacy', backend: 'isolation_forest' }],
    ] as const) {
      const res = await svc.post(route, body);
      expect(res.status).toBe(404);
      expect(res.body.detail).toContain("'legacy_isolation_forest.joblib' is a LlamaFarm model file");
    }
    const del = await svc.del('/v1/anomaly/models/legacy_isolation_forest.joblib');
    expect(del.status).toBe(400);
    expect(del.body.detail).toContain('by hand');
  });
});

describe('versioned model listings and the overwrite default', () => {
  it("items carry LlamaFarm's fields, paths relative to the data directory", async () => {
    const fit = await svc.post('/v1/ml/anomaly/fit', {
      model: 'sensor',
      data: toRows(gaussianMatrix(40, 2, 9)),
      description: 'nightly',
    });
    expect(fit.status).toBe(200);
    const name: string = fit.body.versioned_name;
    expect(name).toMatch(/^sensor_\d{8}_\d{6}$/);
    const list = await svc.get('/v1/ml/anomaly/models');
    const item = list.body.data.find((m: { name: string }) => m.name === name);
    expect(item).toMatchObject({
      name,
      filename: `${name}_isolation_forest.alm`,
      base_name: 'sensor',
      backend: 'isolation_forest',
      path: `models/anomaly/${name}_isolation_forest.alm`,
      is_versioned: true,
      description: 'nightly',
    });
    expect(item.size_bytes).toBeGreaterThan(0);
    expect(Date.parse(item.created)).toBeGreaterThan(Date.parse('2020-01-01'));
    const runtime = await svc.get('/v1/anomaly/models');
    expect(runtime.body.data.find((m: { name: string }) => m.name === name).path).toBe(item.path);
  });

  it('a versioned fit without overwrite says it kept the old model, and how to replace it', async () => {
    const data = toRows(gaussianMatrix(40, 2, 10));
    const implicit = await svc.post('/v1/ml/anomaly/fit', { model: 'pump', data });
    expect(implicit.body.overwrite).toBe(false);
    expect(implicit.body.warnings).toEqual([expect.stringContaining('overwrite not given')]);
    expect(implicit.body.warnings[0]).toContain(implicit.body.versioned_name);
    const explicit = await svc.post('/v1/ml/anomaly/fit', { model: 'pump', data, overwrite: false });
    expect(explicit.body.warnings).toBeUndefined();
    const replace = await svc.post('/v1/ml/anomaly/fit', { model: 'pump', data, overwrite: true });
    expect(replace.body).toMatchObject({ versioned_name: 'pump', overwrite: true });
    expect(replace.body.warnings).toBeUndefined();
    const runtime = await svc.post('/v1/anomaly/fit', { model: 'pump', data });
    expect(runtime.body.warnings).toBeUndefined();
  });
});
