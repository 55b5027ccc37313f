import { mean, populationStd, percentile } from '../../src/core/stats';
import { golden } from '../helpers/golden';
import { startService, type RunningService } from '../helpers/service';
import { gaussianMatrix, toRows } from '../helpers/data';

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const temps = golden.training_data.map((t) => [t]);

describe('the seed worked example', () => {
  it('flags 5, 50 and -10 at z-threshold 2.0, not 22, with -10 and 5 equal', async () => {
    const fit = await svc.post('/v1/anomaly/fit', {
      model: 'temps',
      backend: 'isolation_forest',
      data: temps,
      contamination: 0.05,
      normalization: 'zscore',
    });
    expect(fit.status).toBe(200);
    expect(fit.body).toMatchObject({
      object: 'fit_result',
      model: 'temps',
      samples_fitted: 30,
      status: 'fitted',
    });
    expect(fit.body.model_params).toMatchObject({
      backend: 'isolation_forest',
      contamination: 0.05,
      input_dim: 1,
    });

    const res = await svc.post('/v1/anomaly/detect', {
      model: 'temps',
      data: [[22.0], [5.0], [50.0], [-10.0]],
      threshold: 2.0,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { index: number }) => d.index)).toEqual([1, 2, 3]);
    expect(res.body.summary).toEqual({ anomalies_detected: 3, threshold: 2 });
    const byIndex = new Map(res.body.data.map((d: { index: number; score: number }) => [d.index, d.score]));
    expect(byIndex.get(3)).toBe(byIndex.get(1));
    expect(res.body.data[0]).not.toHaveProperty('is_anomaly');
  });
});

describe('normalization on the training rows', () => {
  const train = toRows(gaussianMatrix(1000, 3, 21));

  it('zscore has mean 0 and population std 1; standardization puts the median at 0.5', async () => {
    await svc.post('/v1/anomaly/fit', {
      model: 'norm',
      data: train,
      contamination: 0.1,
      normalization: 'zscore',
    });
    const z = await svc.post('/v1/anomaly/score', { model: 'norm', data: train });
    const scores: number[] = z.body.data.map((d: { score: number }) => d.score);
    expect(Math.abs(mean(scores))).toBeLessThan(1e-9);
    expect(Math.abs(populationStd(scores) - 1)).toBeLessThan(1e-9);

    // normalization chosen at score time (fix): the same model, another method
    const s = await svc.post('/v1/anomaly/score', {
      model: 'norm',
      data: train,
      normalization: 'standardization',
    });
    expect(
      Math.abs(
        percentile(
          s.body.data.map((d: { score: number }) => d.score),
          50,
        ) - 0.5,
      ),
    ).toBeLessThan(1e-9);
  });

  it.each(['standardization', 'zscore', 'raw'])(
    'with %s, the share above the learned threshold is contamination × n within one row',
    async (normalization) => {
      const fit = await svc.post('/v1/anomaly/fit', {
        model: `share-${normalization}`,
        data: train,
        contamination: 0.07,
        normalization,
      });
      const res = await svc.post('/v1/anomaly/score', { model: `share-${normalization}`, data: train });
      expect(res.body.summary.threshold).toBe(fit.body.model_params.threshold);
      expect(Math.abs(res.body.summary.anomaly_count - 0.07 * train.length)).toBeLessThanOrEqual(1);
      expect(
        res.body.data.every(
          (d: { score: number; is_anomaly: boolean }) =>
            d.is_anomaly === d.score > res.body.summary.threshold,
        ),
      ).toBe(true);
    },
  );

  it('honours an explicit threshold of 0 (fix)', async () => {
    const res = await svc.post('/v1/anomaly/score', {
      model: 'norm',
      data: train.slice(0, 50),
      normalization: 'zscore',
      threshold: 0,
    });
    expect(res.body.summary.threshold).toBe(0);
    const above = res.body.data.filter((d: { score: number }) => d.score > 0).length;
    expect(res.body.summary.anomaly_count).toBe(above);
  });

  it('a refit replaces contamination and the learned threshold (fix)', async () => {
    const first = await svc.post('/v1/anomaly/fit', { model: 'refit', data: train, contamination: 0.02 });
    const second = await svc.post('/v1/anomaly/fit', { model: 'refit', data: train, contamination: 0.3 });
    expect(second.body.model_params.threshold).toBeLessThan(first.body.model_params.threshold);
    const res = await svc.post('/v1/anomaly/score', { model: 'refit', data: train });
    expect(res.body.summary.threshold).toBe(second.body.model_params.threshold);
    expect(Math.abs(res.body.summary.anomaly_count - 0.3 * train.length)).toBeLessThanOrEqual(1);
  });
});

describe('schema-encoded rows over HTTP', () => {
  it('fits on objects, stores the encoder in the model file and scores objects with it', async () => {
    const ex = golden.api_log_example;
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...ex.train_rows[i % 4],
      response_time_ms: 100 + (i % 7),
    }));
    const fit = await svc.post('/v1/anomaly/fit', { model: 'api-log', data: rows, schema: ex.schema });
    expect(fit.status).toBe(200);
    expect(fit.body.encoder).toEqual({ schema: ex.schema, features: ex.feature_order });
    const res = await svc.post('/v1/anomaly/score', {
      model: 'api-log',
      data: [
        ex.train_rows[0],
        { response_time_ms: 9000, bytes: 500000, method: 'DELETE', user_agent: 'sqlmap/1.0' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data[1].raw_score).toBeGreaterThan(res.body.data[0].raw_score);
    const saved = await svc.post('/v1/anomaly/save', { model: 'api-log' });
    expect(saved.body.encoder_path).toBe('models/anomaly/api-log_isolation_forest.alm');
  });
});
