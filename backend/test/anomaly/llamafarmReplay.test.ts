import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gaussianMatrix, toRows } from '../helpers/data';
import { newDataDir, startService, type RunningService } from '../helpers/service';

/**
 * LlamaFarm's own anomaly test expectations, replayed over HTTP against the real service:
 * runtimes/universal/tests/test_anomaly_router.py, test_anomaly_pyod.py, test_anomaly_robustness.py,
 * test_pyod_integration.py (their Python-level checks translated to what a client sees) and its
 * HTTP walkthrough scripts/test_anomaly_api.sh. Discovery (`GET backends`) is replayed in
 * llamafarmDiscovery.test.ts, field parity and the deliberate differences in llamafarmParity.test.ts.
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

/** A DELETE whose path is sent as written (fetch would normalise the dot segments away). */
const rawDelete = (route: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(svc.url);
    const req = http.request({ host: hostname, port, path: route, method: 'DELETE' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

describe('test_anomaly_router.py', () => {
  it('fit answers a fit_result for three rows, and for two (saved on disk)', async () => {
    const three = await svc.post('/v1/anomaly/fit', {
      model: 'test-detector',
      backend: 'isolation_forest',
      data: [
        [1.0, 2.0],
        [1.1, 2.1],
        [0.9, 1.9],
      ],
      contamination: 0.1,
    });
    expect(three.status).toBe(200);
    expect(three.body).toMatchObject({
      object: 'fit_result',
      model: 'test-detector',
      backend: 'isolation_forest',
      samples_fitted: 3,
      status: 'fitted',
      encoder: null,
    });
    expect(three.body.training_time_ms).toBeGreaterThan(0);
    const two = await svc.post('/v1/anomaly/fit', {
      model: 'autosave-test',
      backend: 'isolation_forest',
      data: [
        [1.0, 2.0],
        [1.1, 2.1],
      ],
    });
    expect(two.status).toBe(200);
    expect(existsSync(path.join(dataDir, two.body.saved_path))).toBe(true);
  });

  it('score lists every row with its index, score, is_anomaly and raw_score, and a summary', async () => {
    const res = await svc.post('/v1/anomaly/score', {
      model: 'test-detector',
      backend: 'isolation_forest',
      data: [
        [1.0, 2.0],
        [100.0, 200.0],
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'list',
      total_count: 2,
      model: 'test-detector',
      backend: 'isolation_forest',
      summary: { total_points: 2, anomaly_count: expect.any(Number), anomaly_rate: expect.any(Number) },
    });
    expect(res.body.data.map((r: { index: number }) => r.index)).toEqual([0, 1]);
    for (const row of res.body.data) {
      expect(row).toEqual(
        expect.objectContaining({
          score: expect.any(Number),
          is_anomaly: expect.any(Boolean),
          raw_score: expect.any(Number),
        }),
      );
    }
    expect(typeof res.body.summary.threshold).toBe('number');
  });

  it('detect returns only the anomalous rows, under their index in the request', async () => {
    await svc.post('/v1/anomaly/fit', { model: 'detector', data: toRows(gaussianMatrix(100, 2, 3)) });
    const res = await svc.post('/v1/anomaly/detect', {
      model: 'detector',
      backend: 'isolation_forest',
      data: [
        [0, 0],
        [100, 200],
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', total_count: 1, summary: { anomalies_detected: 1 } });
    expect(res.body.data.map((r: { index: number }) => r.index)).toEqual([1]);
  });

  it('load defaults to isolation_forest, and an unknown model is a 404 "not found"', async () => {
    const loaded = await svc.post('/v1/anomaly/load', { model: 'test-detector' });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ backend: 'isolation_forest', status: 'loaded' });
    const missing = await svc.post('/v1/anomaly/load', {
      model: 'nonexistent-model',
      backend: 'isolation_forest',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.detail.toLowerCase()).toContain('not found');
  });

  it('lists nothing on an empty folder; LlamaFarm files (.joblib, .pt) are counted', async () => {
    const empty = await startService();
    try {
      const res = await empty.get('/v1/anomaly/models');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ object: 'list', total: 0, data: [] });
      writeFileSync(path.join(empty.dataDir, 'models', 'anomaly', 'model1_isolation_forest.joblib'), 'data');
      writeFileSync(path.join(empty.dataDir, 'models', 'anomaly', 'model2_autoencoder.pt'), 'data');
      expect((await empty.get('/v1/anomaly/models')).body.total).toBe(2);
    } finally {
      await empty.stop();
    }
  });

  it('DELETE removes a model file; a file that is not there is a 404, whatever its extension', async () => {
    const fitted = await svc.post('/v1/anomaly/fit', { model: 'delete-me', data: [[1], [2], [3]] });
    const file = path.join(dataDir, fitted.body.saved_path);
    const res = await svc.del('/v1/anomaly/models/delete-me_isolation_forest.alm');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'delete_result', deleted: true });
    expect(existsSync(file)).toBe(false);
    for (const name of ['nonexistent.joblib', 'nonexistent.pt', 'nonexistent.pkl', 'nonexistent.alm']) {
      const gone = await svc.del(`/v1/anomaly/models/${name}`);
      expect(gone.status).toBe(404);
      expect(gone.body.detail).toContain('not found');
    }
  });

  it('DELETE with a path in the name is refused (400) or not found (404), never followed', async () => {
    writeFileSync(path.join(dataDir, 'passwd'), 'outside the models folder');
    expect([400, 404]).toContain(await rawDelete('/v1/anomaly/models/..%2Fpasswd'));
    expect([400, 404]).toContain(await rawDelete('/v1/anomaly/models/sub/../../../etc/passwd'));
    expect(existsSync(path.join(dataDir, 'passwd'))).toBe(true);
    expect(existsSync(modelsDir())).toBe(true);
  });
});

describe('test_anomaly_pyod.py and test_pyod_integration.py, over HTTP', () => {
  const train = toRows(gaussianMatrix(100, 2, 42));
  const probe = [...toRows(gaussianMatrix(10, 2, 43)), [10, 10]];

  it.each([
    'isolation_forest',
    'one_class_svm',
    'local_outlier_factor',
    'ecod',
    'hbos',
    'knn',
    'copod',
    'cblof',
    'loda',
    'mcd',
    'suod',
  ])(
    '%s fits with contamination 0.1 and scores [10, 10] above the mean of ordinary rows',
    async (backend) => {
      const fit = await svc.post('/v1/anomaly/fit', {
        model: `pyod-${backend}`,
        backend,
        data: train,
        contamination: 0.1,
      });
      expect(fit.status).toBe(200);
      expect(fit.body).toMatchObject({
        backend,
        samples_fitted: 100,
        model_params: { backend, contamination: 0.1 },
      });
      const res = await svc.post('/v1/anomaly/score', { model: `pyod-${backend}`, backend, data: probe });
      const raw: number[] = res.body.data.map((r: { raw_score: number }) => r.raw_score);
      expect(raw).toHaveLength(11);
      expect(raw[10]).toBeGreaterThan(raw.slice(0, 10).reduce((a, b) => a + b, 0) / 10);
    },
  );

  it('an unknown backend is a 422 at body.backend naming what was sent', async () => {
    const res = await svc.post('/v1/anomaly/fit', { model: 'x', backend: 'invalid_backend', data: train });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'backend']);
    expect(res.body.detail[0].msg).toContain("unknown backend 'invalid_backend'");
  });

  it('normalizations: standardization in [0, 1] with the outlier above 0.3; raw equals raw_score', async () => {
    const small = toRows(gaussianMatrix(50, 2, 44));
    const rows = [...toRows(gaussianMatrix(5, 2, 45)), [10, 10]];
    for (const normalization of ['standardization', 'raw'] as const) {
      await svc.post('/v1/anomaly/fit', {
        model: `norm-${normalization}`,
        backend: 'ecod',
        data: small,
        normalization,
      });
    }
    const std = await svc.post('/v1/anomaly/score', { model: 'norm-standardization', data: rows });
    for (const r of std.body.data) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of std.body.data) expect(r.score).toBeLessThanOrEqual(1);
    expect(std.body.data[5].score).toBeGreaterThan(0.3);
    const raw = await svc.post('/v1/anomaly/score', { model: 'norm-raw', data: rows });
    for (const r of raw.body.data) expect(r.score).toBe(r.raw_score);
  });

  it('a lower threshold flags at least as many rows; detect returns exactly the flagged ones', async () => {
    const rows = [...toRows(gaussianMatrix(20, 2, 46)), [10, 10], [-6, 4]];
    const flagged = async (threshold?: number) => {
      const res = await svc.post('/v1/anomaly/score', {
        model: 'norm-standardization',
        data: rows,
        threshold,
      });
      return res.body.data
        .filter((r: { is_anomaly: boolean }) => r.is_anomaly)
        .map((r: { index: number }) => r.index);
    };
    expect((await flagged(0.1)).length).toBeGreaterThanOrEqual((await flagged(0.9)).length);
    const detect = await svc.post('/v1/anomaly/detect', { model: 'norm-standardization', data: rows });
    expect(detect.body.data.map((r: { index: number }) => r.index)).toEqual(await flagged());
  });

  it('copod, hbos and ecod with contamination 0.05 all flag [20 × 5] and not the origin', async () => {
    const data = toRows(gaussianMatrix(200, 5, 47));
    for (const backend of ['copod', 'hbos', 'ecod']) {
      await svc.post('/v1/anomaly/fit', { model: `cmp-${backend}`, backend, data, contamination: 0.05 });
      const res = await svc.post('/v1/anomaly/score', {
        model: `cmp-${backend}`,
        data: [
          [0, 0, 0, 0, 0],
          [20, 20, 20, 20, 20],
        ],
      });
      expect(res.body.data.map((r: { is_anomaly: boolean }) => r.is_anomaly)).toEqual([false, true]);
    }
  });
});

describe('test_anomaly_robustness.py, over HTTP', () => {
  it('the robust scaler (default) finds at least 3 of 10 far rows after training on 10% outliers', async () => {
    const normal = toRows(gaussianMatrix(450, 5, 50));
    const outliers = toRows(gaussianMatrix(50, 5, 51)).map((r) => r.map((v) => v * 3 + 5));
    const training = normal.flatMap((row, i) =>
      i % 9 === 0 && outliers[i / 9] ? [row, outliers[i / 9]] : [row],
    );
    const far = toRows(gaussianMatrix(10, 5, 52)).map((r) => r.map((v) => v * 2 + 6));
    const fit = await svc.post('/v1/anomaly/fit', { model: 'robust', data: training, contamination: 0.1 });
    expect(fit.body.model_params).toMatchObject({ backend: 'isolation_forest', scaler_type: 'robust' });
    expect(fit.body.samples_fitted).toBe(500);
    const res = await svc.post('/v1/anomaly/score', {
      model: 'robust',
      data: [...toRows(gaussianMatrix(90, 5, 53)), ...far],
    });
    const found = res.body.data.slice(-10).filter((r: { is_anomaly: boolean }) => r.is_anomaly).length;
    expect(found).toBeGreaterThanOrEqual(3);
  });
});

describe('scripts/test_anomaly_api.sh (through /v1/ml)', () => {
  const temps = [
    22.1, 23.5, 21.8, 24.2, 22.7, 23.1, 21.5, 24.8, 22.3, 23.9, 21.2, 24.5, 22.8, 23.2, 21.9, 24.1, 22.5,
    23.7, 21.6, 24.3, 22.2, 23.4, 21.7, 24.6, 22.9, 23.0, 21.4, 24.4, 22.6, 23.8,
  ].map((t) => [t]);

  it('GET /v1/ml/health answers healthy, as /health does', async () => {
    const res = await svc.get('/v1/ml/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', version: (await svc.get('/health')).body.version });
  });

  it('fit, detect on the version, load and detect "-latest": the cold and hot readings are found', async () => {
    const fit = await svc.post('/v1/ml/anomaly/fit', {
      model: 'sensor_anomaly_detector',
      backend: 'isolation_forest',
      data: temps,
      contamination: 0.05,
    });
    expect(fit.status).toBe(200);
    expect(fit.body.samples_fitted).toBe(30);
    const readings = [22.0, 23.5, 0.0, 21.5, 100.0, 24.0, -10.0, 22.8, 35.0, 23.2];
    const detect = await svc.post('/v1/ml/anomaly/detect', {
      model: fit.body.versioned_name,
      backend: 'isolation_forest',
      data: readings.map((r) => [r]),
      threshold: 0.5,
    });
    expect(detect.status).toBe(200);
    // Threshold 0.5 on the standardized score sits near the training mean (as in LlamaFarm), so some
    // ordinary readings come back too; the four far ones always do. The learned threshold finds only them.
    const found = detect.body.data.map((r: { index: number }) => readings[r.index]);
    expect(found).toEqual(expect.arrayContaining([0, 100, -10, 35]));
    expect(detect.body.summary.anomalies_detected).toBe(found.length);
    const learned = await svc.post('/v1/ml/anomaly/detect', {
      model: fit.body.versioned_name,
      data: readings.map((r) => [r]),
    });
    expect(learned.body.data.map((r: { index: number }) => readings[r.index])).toEqual([0, 100, -10, 35]);
    const load = await svc.post('/v1/ml/anomaly/load', {
      model: 'sensor_anomaly_detector-latest',
      backend: 'isolation_forest',
    });
    expect(load.status).toBe(200);
    expect(load.body.status).toBe('loaded');
    const latest = await svc.post('/v1/ml/anomaly/detect', {
      model: 'sensor_anomaly_detector-latest',
      backend: 'isolation_forest',
      data: [[22.5], [100.0], [23.0]],
      threshold: 0.5,
    });
    expect(latest.body.data.map((r: { index: number }) => r.index)).toEqual([1]);
  });
});
