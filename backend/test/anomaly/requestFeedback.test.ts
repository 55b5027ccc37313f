import { startTestServer, type TestServer } from '../timeseries/testServer';

/** Unknown fields, an omitted backend and bad numeric fields: accepted where safe, never silent. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const rows = Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 3 + 10, (i % 7) - 3]);

describe('unknown top-level fields', () => {
  it('are accepted but named in warnings, with a did-you-mean for near misses', async () => {
    const fit = await server.post('/v1/anomaly/fit', {
      model: 'typo',
      data: rows,
      contamnation: 0.2,
      normalisation: 'zscore',
      client_version: '0.0.28',
    });
    expect(fit.status).toBe(200);
    expect(fit.body.warnings).toEqual([
      "unknown field 'contamnation' was ignored; did you mean 'contamination'?",
      "unknown field 'normalisation' was ignored; did you mean 'normalization'?",
      "unknown field 'client_version' was ignored",
    ]);
    // The misspelt value was not applied: the default contamination (0.1) was.
    expect((fit.body.model_params as { contamination: number }).contamination).toBe(0.1);
  });

  it('are reported on score, detect, save and load too; a clean request has no warnings field', async () => {
    for (const route of ['score', 'detect', 'save', 'load']) {
      const body: Record<string, unknown> = { model: 'typo', tresholds: 2 };
      if (route === 'score' || route === 'detect') body.data = rows.slice(0, 3);
      const res = await server.post(`/v1/anomaly/${route}`, body);
      expect([route, res.status]).toEqual([route, 200]);
      // score/detect know `threshold`; save/load have no field it could be.
      const hint = route === 'score' || route === 'detect' ? "; did you mean 'threshold'?" : '';
      expect(res.body.warnings).toEqual([`unknown field 'tresholds' was ignored${hint}`]);
    }
    const clean = await server.post('/v1/anomaly/score', { model: 'typo', data: rows.slice(0, 3) });
    expect(clean.status).toBe(200);
    expect(clean.body).not.toHaveProperty('warnings');
  });
});

describe('score and detect without a backend', () => {
  it("use the model's only fitted backend", async () => {
    const fit = await server.post('/v1/anomaly/fit', { model: 'tails', backend: 'ecod', data: rows });
    expect(fit.status).toBe(200);
    for (const route of ['score', 'detect']) {
      const res = await server.post(`/v1/anomaly/${route}`, {
        model: 'tails',
        data: [
          [10, 0],
          [90, 40],
        ],
      });
      expect([route, res.status, res.body.backend]).toEqual([route, 200, 'ecod']);
      expect(res.body).not.toHaveProperty('warnings');
    }
    const load = await server.post('/v1/anomaly/load', { model: 'tails' });
    expect(load.body).toMatchObject({ backend: 'ecod', status: 'loaded' });
    const withName = await server.post('/v1/anomaly/score', {
      model: 'tails',
      backend: 'ecod',
      data: [[10, 0]],
    });
    const without = await server.post('/v1/anomaly/score', { model: 'tails', data: [[10, 0]] });
    expect(without.body.data).toEqual(withName.body.data);
  });

  it('resolve versioned -latest names the same way', async () => {
    const fit = await server.post('/v1/ml/anomaly/fit', { model: 'ver', backend: 'hbos', data: rows });
    expect(fit.status).toBe(200);
    const res = await server.post('/v1/ml/anomaly/score', { model: 'ver-latest', data: [[10, 0]] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ backend: 'hbos', model: fit.body.model });
  });

  it('prefer the default backend among several, saying so; without it the client must choose', async () => {
    await server.post('/v1/anomaly/fit', { model: 'both', data: rows });
    await server.post('/v1/anomaly/fit', { model: 'both', backend: 'knn', data: rows });
    const res = await server.post('/v1/anomaly/score', { model: 'both', data: [[10, 0]] });
    expect(res.status).toBe(200);
    expect(res.body.backend).toBe('isolation_forest');
    expect(res.body.warnings).toEqual([
      "model 'both' is fitted with isolation_forest, knn; used 'isolation_forest' (the default): send \"backend\" to choose",
    ]);

    await server.post('/v1/anomaly/fit', { model: 'pair', backend: 'knn', data: rows });
    await server.post('/v1/anomaly/fit', { model: 'pair', backend: 'copod', data: rows });
    const ambiguous = await server.post('/v1/anomaly/score', { model: 'pair', data: [[10, 0]] });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.detail).toBe(
      'model \'pair\' is fitted with several backends (copod, knn): send "backend" to choose one',
    );
  });

  it('still answer 404 for a model that does not exist', async () => {
    const res = await server.post('/v1/anomaly/score', { model: 'nothing', data: [[1, 2]] });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain("Model 'nothing'");
  });
});

describe('numeric schema fields', () => {
  const schema = { latency: 'numeric', method: 'label' };
  const train = Array.from({ length: 30 }, (_, i) => ({
    latency: 100 + (i % 5),
    method: i % 2 ? 'GET' : 'POST',
  }));

  it('reject a string that is not a number with a 400 naming the row and the field', async () => {
    const bad = [...train.slice(0, 5), { latency: 'fast', method: 'GET' }, ...train.slice(5)];
    const fit = await server.post('/v1/anomaly/fit', { model: 'schema-bad', schema, data: bad });
    expect(fit.status).toBe(400);
    expect(fit.body.detail).toBe(
      "row 5, field 'latency': 'fast' is not a number, but the schema says 'latency' is numeric; send a number (or null when missing)",
    );

    expect((await server.post('/v1/anomaly/fit', { model: 'schema-ok', schema, data: train })).status).toBe(
      200,
    );
    const score = await server.post('/v1/anomaly/score', {
      model: 'schema-ok',
      data: [
        { latency: 101, method: 'GET' },
        { latency: { ms: 3 }, method: 'GET' },
      ],
    });
    expect(score.status).toBe(400);
    expect(score.body.detail).toContain("row 1, field 'latency': object is not a number");
  });

  it('keep null (and a missing key) as 0 and accept numeric strings', async () => {
    const res = await server.post('/v1/anomaly/score', {
      model: 'schema-ok',
      data: [
        { latency: null, method: 'GET' },
        { method: 'GET' },
        { latency: '0', method: 'GET' },
        { latency: 0, method: 'GET' },
      ],
    });
    expect(res.status).toBe(200);
    const raw = (res.body.data as { raw_score: number }[]).map((r) => r.raw_score);
    expect(new Set(raw).size).toBe(1);
  });
});
