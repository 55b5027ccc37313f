import { at, seasonalSeries, STEP_MS, T0 } from './syntheticSeries';
import { startTestServer, type TestServer } from './testServer';

const FEATURES = { value: true, diffs: [1], rolling: [10], lags: [1], hour_of_day: true };

/** 2 days of minutes: day 1 trains, day 2 is the panel; a +25 spike at minute 2000. */
function request(overrides: Record<string, unknown> = {}) {
  const { timestamps, values } = seasonalSeries(2880, { 2000: 25 });
  return {
    source: 'test',
    series: [{ name: 'cpu', labels: { host: 'a' }, timestamps, values }],
    training: { from: T0, to: at(1440) },
    range: { from: at(1440), to: at(2879) },
    features: FEATURES,
    detector: { method: 'isolation_forest', contamination: 0.005 },
    ...overrides,
  };
}

describe('POST /v1/timeseries/detect', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('finds an injected spike and explains it as one upward region', async () => {
    const { status, body } = await server.post('/v1/timeseries/detect', request());
    expect(status).toBe(200);
    const [out] = body.series!;
    expect(out.timestamps).toHaveLength(1440);
    expect(out.timestamps[0]).toBe(at(1440));
    expect(out.values).toHaveLength(1440);
    expect(out.score).toHaveLength(1440);
    expect(out.expected).toBeNull(); // Isolation Forest has no forecast
    const spike = body.regions!.find((r) => r.start <= at(2000) && r.end >= at(2000));
    expect(spike).toBeDefined();
    expect(spike).toMatchObject({
      series: 'cpu',
      labels: { host: 'a' },
      peak_time: at(2000),
      direction: 'up',
    });
    expect(spike!.explanation).toMatch(
      /^cpu\{host="a"\} rose to [\d.]+ from about [\d.]+; most unusual feature/,
    );
    expect(spike!.score).toBeGreaterThan(out.threshold);
    // Isolated false alarms stay rare at contamination 0.5 %.
    expect(out.is_anomaly.filter(Boolean).length).toBeLessThan(30);
    expect(body.meta!.context_ms).toBe(9 * STEP_MS); // rolling(10) needs 9 earlier points
  });

  it('reuses the cached model on a refresh with unchanged settings, and scores identically', async () => {
    const body = request({ source: 'refresh' });
    const first = (await server.post('/v1/timeseries/detect', body)).body;
    const second = (await server.post('/v1/timeseries/detect', body)).body;
    expect(first.meta).toMatchObject({ model_status: 'fitted', fitted: 1, reused: 0 });
    expect(second.meta).toMatchObject({
      model_status: 'reused',
      fitted: 0,
      reused: 1,
      model_key: first.meta!.model_key,
    });
    expect(second.meta!.notices.map((n) => n.text).join()).toMatch(/model reused from cache/);
    expect(second.series![0].score).toEqual(first.series![0].score);
    // A new threshold needs no refit; new features do.
    const threshold = await server.post(
      '/v1/timeseries/detect',
      request({
        source: 'refresh',
        detector: { method: 'isolation_forest', contamination: 0.005, threshold: 0.9 },
      }),
    );
    expect(threshold.body.meta!.model_status).toBe('reused');
    expect(threshold.body.series![0].threshold).toBe(0.9);
    const changed = await server.post(
      '/v1/timeseries/detect',
      request({ source: 'refresh', features: { ...FEATURES, lags: [2] } }),
    );
    expect(changed.body.meta!.model_status).toBe('fitted');
  });

  it('score-only reuses the model and matches detect for the same points', async () => {
    const detect = (await server.post('/v1/timeseries/detect', request({ source: 'score-only' }))).body;
    const { timestamps, values } = seasonalSeries(2880, { 2000: 25 });
    const from = 2400 - 9; // the context the features need, as meta.context_ms says
    const { status, body } = await server.post('/v1/timeseries/score', {
      model_key: detect.meta!.model_key,
      series: [
        {
          name: 'cpu',
          labels: { host: 'a' },
          timestamps: timestamps.slice(from),
          values: values.slice(from),
        },
      ],
      score_from: at(2400),
    });
    expect(status).toBe(200);
    expect(body.meta!.model_status).toBe('reused');
    const scored = body.series![0];
    expect(scored.timestamps[0]).toBe(at(2400));
    expect(scored.score).toEqual(detect.series![0].score.slice(2400 - 1440));
  });

  it('keeps gaps as nulls and copes with irregular steps', async () => {
    const { timestamps, values } = seasonalSeries(2880, { 2000: 25 });
    for (let i = 1500; i < 1510; i++) values[i] = null;
    const keep = timestamps.map((_, i) => i % 7 !== 3); // drop every 7th point: uneven spacing
    const body = request({
      source: 'gaps',
      series: [
        {
          name: 'cpu',
          timestamps: timestamps.filter((_, i) => keep[i]),
          values: values.filter((_, i) => keep[i]),
        },
      ],
    });
    const { status, body: out } = await server.post('/v1/timeseries/detect', body);
    expect(status).toBe(200);
    const s = out.series![0];
    const gap = s.timestamps.indexOf(at(1500));
    expect(s.values[gap]).toBeNull();
    expect(s.score[gap]).toBeNull();
    expect(s.is_anomaly[gap]).toBe(false);
    expect(out.regions!.some((r) => r.peak_time === at(2000))).toBe(true);
  });

  it('scores several series jointly in multivariate mode and names the one that moved', async () => {
    const a = seasonalSeries(2880, {}, 11);
    const b = seasonalSeries(2880, { 2000: -30 }, 12);
    const { status, body } = await server.post(
      '/v1/timeseries/detect',
      request({
        source: 'mv',
        mode: 'multivariate',
        features: { value: true, diffs: [1] },
        series: [
          { name: 'a', ...a },
          { name: 'b', ...b },
        ],
      }),
    );
    expect(status).toBe(200);
    expect(body.series!.map((s) => s.name)).toEqual(['a', 'b']);
    expect(body.series![0].score).toEqual(body.series![1].score);
    const dip = body.regions!.find((r) => r.peak_time === at(2000));
    expect(dip).toMatchObject({ series: 'b', direction: 'down' });
    expect(dip!.explanation).toMatch(/^b fell to/);
  });

  it('saves a named model that GET /v1/anomaly/models lists', async () => {
    const { body } = await server.post(
      '/v1/timeseries/detect',
      request({ source: 'named', model_name: 'cpu-ts' }),
    );
    expect(body.meta!.notices.map((n) => n.text)).toContain(
      'saved model \'cpu-ts\' (isolation_forest) for cpu{host="a"}',
    );
    const models = await server.get('/v1/anomaly/models');
    const names = (models.body.data as { name: string; backend: string }[]).map(
      (m) => `${m.name}/${m.backend}`,
    );
    expect(names).toContain('cpu-ts/isolation_forest');
  });

  it('lists the tabular backends as methods', async () => {
    const { body } = await server.get('/v1/timeseries/methods');
    const data = body.data as { name: string; kind: string }[];
    expect(data).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'isolation_forest', kind: 'tabular' })]),
    );
  });
});
