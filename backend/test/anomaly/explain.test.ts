import type { DetectResult, ExplainResult, ScoreResult } from '../../src/contract/anomaly';
import { percentile } from '../../src/core/stats';
import { BACKEND_NAMES } from '../../src/detectors/registry';
import { attack, normal, schema, traffic } from '../helpers/apiLogTraffic';
import { startService, type RunningService } from '../helpers/service';

/** The API-log example explained by every backend, and the explain API's contract. */
const training = traffic(1, 300);
const median = (key: 'bytes' | 'response_time_ms') =>
  percentile(
    training.map((r) => r[key] as number),
    50,
  );

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
  for (const backend of BACKEND_NAMES) {
    const fit = await svc.post('/v1/anomaly/fit', {
      model: 'api',
      backend,
      data: training,
      schema,
      contamination: 0.02,
      normalization: 'zscore',
    });
    expect(fit.status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await svc.stop();
});

const explain = async (body: Record<string, unknown>, route = '/v1/anomaly/explain') => {
  const res = await svc.post(route, { model: 'api', backend: 'isolation_forest', ...body });
  expect(res.status).toBe(200);
  return res.body as ExplainResult;
};

describe("the API-log example's attack row", () => {
  it.each(BACKEND_NAMES)('%s names bytes, latency and both unseen categories', async (backend) => {
    const res = await explain({ backend, data: [normal, attack] });
    const [quiet, loud] = res.data;
    expect(quiet.is_anomaly).toBe(false);
    expect(quiet.explanation).toBeNull();
    expect(loud.is_anomaly).toBe(true);
    const explanation = loud.explanation!;
    if (backend === 'isolation_forest') console.log(`attack row (${backend}): ${explanation.reason}`);
    const bytesRatio = Math.round(500000 / median('bytes'));
    const latencyRatio = Math.round(9000 / median('response_time_ms'));
    expect(explanation.reason).toContain(
      `bytes 500000 is ${bytesRatio}× the training median (${median('bytes')})`,
    );
    expect(explanation.reason).toContain(
      `response_time_ms 9000 is ${latencyRatio}× the training median (${median('response_time_ms')})`,
    );
    expect(explanation.reason).toContain("method 'DELETE' never seen in training");
    expect(explanation.reason).toContain("user_agent 'sqlmap/1.0' never seen in training");
    // both numbers lie far past the training range, so they lead, farthest out (in IQRs) first
    const names = explanation.features.map((f) => f.feature);
    expect(new Set(names.slice(0, 2))).toEqual(new Set(['bytes', 'response_time_ms']));
    expect(explanation.features[0].iqrs_beyond_training_range).toBeGreaterThan(
      explanation.features[1].iqrs_beyond_training_range!,
    );
    expect(explanation.features.find((f) => f.feature === 'bytes')?.value).toBe(500000);
    expect(explanation.exact).toBe(explanation.method !== 'median_replacement');
  });
});

describe('POST explain', () => {
  it('explains every row with all_rows, top_k features at most', async () => {
    const res = await explain({
      data: [normal, attack, { ...normal, method: 'PUT' }],
      all_rows: true,
      top_k: 2,
    });
    expect(res.summary).toMatchObject({ total_points: 3, anomaly_count: 1, explained_count: 3 });
    for (const row of res.data) {
      expect(row.explanation).not.toBeNull();
      expect(row.explanation!.features.length).toBeLessThanOrEqual(2);
      const shares = row.explanation!.features.reduce((sum, f) => sum + f.share, 0);
      expect(shares).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(res.data[0].explanation!.reason).not.toContain('never seen');
    expect(res.data[2].explanation!.reason).not.toContain('never seen');
  });

  it('explains a tail-probability model exactly: contributions sum to the raw score', async () => {
    const res = await explain({ backend: 'ecod', data: [normal, attack], all_rows: true, top_k: 100 });
    for (const row of res.data) {
      const sum = row.explanation!.features.reduce((s, f) => s + f.contribution, 0);
      expect(sum).toBeCloseTo(row.raw_score, 9);
      expect(row.explanation!.method).toBe('tail_probability_terms');
    }
  });

  it('answers under /v1/ml/anomaly too, and warns about unknown fields', async () => {
    const res = await svc.post('/v1/ml/anomaly/explain', {
      model: 'api',
      backend: 'hbos',
      data: [attack],
      explain: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.data[0].explanation.method).toBe('histogram_log_density_terms');
    expect(res.body.warnings).toEqual(["unknown field 'explain' was ignored"]);
  });

  it.each([
    [{ model: 'nope', data: [attack] }, 404],
    [{ model: 'api', backend: 'knn', data: [attack], top_k: 0 }, 422],
    [{ model: 'api', backend: 'knn', data: [attack], all_rows: 'yes' }, 422],
    [{ model: 'api', backend: 'knn', data: [] }, 400],
    [{ model: 'api', backend: 'knn', data: [[1, 2]] }, 400],
  ])('refuses %j with %i', async (body, status) => {
    const res = await svc.post('/v1/anomaly/explain', body);
    expect(res.status).toBe(status);
    expect(res.body).toHaveProperty('detail');
  });
});

describe('explain: true on score and detect', () => {
  it('score explains the anomalous rows only; without it no row has an explanation', async () => {
    const data = [normal, attack, normal];
    const plain = (await svc.post('/v1/anomaly/score', { model: 'api', backend: 'knn', data }))
      .body as ScoreResult;
    expect(plain.data.some((d) => 'explanation' in d)).toBe(false);
    const res = await svc.post('/v1/anomaly/score', { model: 'api', backend: 'knn', data, explain: true });
    const body = res.body as ScoreResult;
    expect(body.data.map((d) => d.explanation !== undefined)).toEqual(body.data.map((d) => d.is_anomaly));
    expect(body.data[1].explanation!.method).toBe('median_replacement');
    expect(body.data.map((d) => d.score)).toEqual(plain.data.map((d) => d.score));
  });

  it('detect explains every returned row, as POST explain does', async () => {
    const data = [normal, attack];
    const res = await svc.post('/v1/anomaly/detect', { model: 'api', data, explain: true, top_k: 3 });
    const body = res.body as DetectResult;
    expect(body.data.map((d) => d.index)).toEqual([1]);
    const viaExplain = await explain({ data, top_k: 3 });
    expect(body.data[0].explanation).toEqual(viaExplain.data[1].explanation);
  });
});

describe('explanations off the event loop and after a restart', () => {
  it('a body parsed in a worker and a restarted service explain alike', async () => {
    const data = [normal, attack, ...traffic(9, 50)];
    const before = await explain({ backend: 'local_outlier_factor', data, all_rows: true });
    const again = await startService({ dataDir: svc.dataDir, env: { LF_INLINE_JSON_KB: '1' } });
    try {
      const res = await again.post('/v1/anomaly/explain', {
        model: 'api',
        backend: 'local_outlier_factor',
        data,
        all_rows: true,
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(before.data);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
