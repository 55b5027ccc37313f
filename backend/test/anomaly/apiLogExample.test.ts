import { applyRobustScaler, fitRobustScaler } from '../../src/core/robustScaler';
import { isolationForestFactory } from '../../src/detectors/isolationForest';
import { encodeRows, fitFeatureEncoder, type Schema } from '../../src/encoding/featureEncoder';
import { attack, normal, schema, traffic } from '../helpers/apiLogTraffic';
import { startService, type RunningService } from '../helpers/service';

interface Scored {
  index: number;
  score: number;
  is_anomaly: boolean;
  raw_score: number;
}

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const SEEDS = [1, 2, 3, 4, 5];

describe('the API-log example on realistic training sets', () => {
  it.each(SEEDS.flatMap((seed) => [0.02, 0.1].map((c) => [seed, c] as const)))(
    'seed %i, contamination %f: the attack row is flagged at z 2.0 and at the learned threshold; the normal row is not',
    async (seed, contamination) => {
      const model = `api-${seed}-${contamination}`;
      const fit = await svc.post('/v1/anomaly/fit', {
        model,
        data: traffic(seed, 300),
        schema,
        contamination,
        normalization: 'zscore',
      });
      expect(fit.status).toBe(200);
      const learned = fit.body.model_params.threshold as number;

      const atTwo = await svc.post('/v1/anomaly/score', { model, data: [normal, attack], threshold: 2.0 });
      expect(atTwo.status).toBe(200);
      expect(atTwo.body.data.map((d: Scored) => d.is_anomaly)).toEqual([false, true]);

      const atLearned = await svc.post('/v1/anomaly/score', { model, data: [normal, attack] });
      expect(atLearned.body.summary.threshold).toBe(learned);
      expect(atLearned.body.data.map((d: Scored) => d.is_anomaly)).toEqual([false, true]);

      const detected = await svc.post('/v1/anomaly/detect', {
        model,
        data: [normal, attack],
        threshold: 2.0,
      });
      expect(detected.body.data.map((d: Scored) => d.index)).toEqual([1]);
    },
  );

  it('range_guard false restores the plain forest: raw scores equal to Isolation Forest alone', async () => {
    for (const seed of SEEDS.slice(0, 3)) {
      const rows = traffic(seed, 300);
      const model = `plain-${seed}`;
      const fit = await svc.post('/v1/anomaly/fit', {
        model,
        data: rows,
        schema,
        contamination: 0.02,
        normalization: 'zscore',
        params: { range_guard: false },
      });
      expect(fit.status).toBe(200);
      const res = await svc.post('/v1/anomaly/score', { model, data: [normal, attack] });

      // the plain forest on the same encoded, robust-scaled rows
      const encoder = fitFeatureEncoder(schema as Schema, rows);
      const x = encodeRows(encoder, rows);
      const scaler = fitRobustScaler(x);
      const forest = isolationForestFactory.fit(applyRobustScaler(scaler, x), {
        contamination: 0.02,
        params: {},
        epochs: 1,
        batchSize: 1,
      }) as Awaited<ReturnType<typeof isolationForestFactory.fit>>;
      const plain = forest.scoreRaw(applyRobustScaler(scaler, encodeRows(encoder, [normal, attack])));
      expect(res.body.data.map((d: Scored) => d.raw_score)).toEqual(Array.from(plain));

      // with the guard (the default) only the out-of-range row changes: just above every training row
      const trainingMax = Math.max(...forest.scoreRaw(applyRobustScaler(scaler, x)));
      const guardedModel = `guarded-${seed}`;
      await svc.post('/v1/anomaly/fit', {
        model: guardedModel,
        data: rows,
        schema,
        contamination: 0.02,
        normalization: 'zscore',
      });
      const guarded = await svc.post('/v1/anomaly/score', { model: guardedModel, data: [normal, attack] });
      expect(guarded.body.data[0].raw_score).toBe(plain[0]);
      // (the forest may already score the row above them; the guard only ever raises a score)
      expect(guarded.body.data[1].raw_score).toBeGreaterThan(trainingMax);
      expect(guarded.body.data[1].raw_score).toBeLessThanOrEqual(Math.max(plain[1], trainingMax + 1e-12));
      expect(guarded.body.data[1].raw_score).toBeGreaterThanOrEqual(plain[1]);
    }
  });

  it('lists range_guard among every backend parameter and rejects a non-boolean', async () => {
    const backends = await svc.get('/v1/anomaly/backends');
    for (const info of backends.body.data) expect(info.parameters).toContain('range_guard');
    const bad = await svc.post('/v1/anomaly/fit', {
      model: 'bad',
      data: traffic(1, 20),
      schema,
      params: { range_guard: 'yes' },
    });
    expect(bad.status).toBe(422);
  });

  it('keeps the guard in the saved model: a restarted service scores alike', async () => {
    const model = 'api-restart';
    await svc.post('/v1/anomaly/fit', {
      model,
      data: traffic(7, 250),
      schema,
      contamination: 0.02,
      normalization: 'zscore',
    });
    const before = await svc.post('/v1/anomaly/score', { model, data: [normal, attack] });
    const again = await startService({ dataDir: svc.dataDir });
    try {
      const after = await again.post('/v1/anomaly/score', { model, data: [normal, attack] });
      expect(after.status).toBe(200);
      expect(after.body.data).toEqual(before.body.data);
      expect(after.body.data[1].is_anomaly).toBe(true);
    } finally {
      await again.stop();
    }
  });
});
