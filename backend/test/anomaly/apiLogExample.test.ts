import { Rng } from '../../src/core/rng';
import { applyRobustScaler, fitRobustScaler } from '../../src/core/robustScaler';
import { isolationForestFactory } from '../../src/detectors/isolationForest';
import { encodeRows, fitFeatureEncoder, type Row, type Schema } from '../../src/encoding/featureEncoder';
import { startService, type RunningService } from '../helpers/service';

/**
 * The API-log example of anomaly-api.md, on realistic training sets: hundreds of requests with
 * lognormal response times (~100 ms) and sizes (~1 KB), mostly GET/POST, a handful of browsers.
 */
const schema = { response_time_ms: 'numeric', bytes: 'numeric', method: 'label', user_agent: 'hash' };
const attack = { response_time_ms: 9000, bytes: 500000, method: 'DELETE', user_agent: 'sqlmap/1.0' };
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Edg/120.0',
];
const normal = { response_time_ms: 104, bytes: 1100, method: 'GET', user_agent: AGENTS[0] };

function traffic(seed: number, n: number): Row[] {
  const rng = new Rng(seed);
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  return Array.from({ length: n }, () => {
    const u = rng.nextFloat();
    return {
      response_time_ms: Math.round(100 * Math.exp(0.6 * gauss())),
      bytes: Math.round(1024 * Math.exp(0.8 * gauss())),
      method: u < 0.7 ? 'GET' : u < 0.95 ? 'POST' : 'PUT',
      user_agent: AGENTS[rng.nextInt(AGENTS.length)],
    };
  });
}

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
