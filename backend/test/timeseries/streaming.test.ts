import { at, seasonalSeries, T0 } from './syntheticSeries';
import { detailText, startTestServer, type TestServer } from './testServer';

/** Two days of minutes: day 1 trains, day 2 is the panel; a +25 spike at minute 2000. */
const { timestamps, values } = seasonalSeries(2880, { 2000: 25 });
const request = (method: string, extra: Record<string, unknown> = {}) => ({
  source: 'streaming',
  series: [{ name: 'cpu', timestamps, values }],
  training: { from: T0, to: at(1440) },
  range: { from: at(1440), to: at(2879) },
  detector: { method },
  ...extra,
});

describe('time-series (streaming) methods through /v1/timeseries', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('lists the streaming registry beside the tabular backends', async () => {
    const data = (await server.get('/v1/timeseries/methods')).body.data as {
      name: string;
      kind: string;
      has_band: boolean;
    }[];
    expect(data).toContainEqual(
      expect.objectContaining({ name: 'holt_winters', kind: 'streaming', has_band: true }),
    );
    expect(data).toContainEqual(
      expect.objectContaining({ name: 'isolation_forest', kind: 'tabular', has_band: false }),
    );
  });

  it('returns the expected value and band, and marks the spike with the detector’s own explanation', async () => {
    const { status, body } = await server.post('/v1/timeseries/detect', request('holt_winters'));
    expect(status).toBe(200);
    expect(body.meta!.model_status).toBe('streamed');
    const s = body.series![0];
    const k = s.timestamps.indexOf(at(2000));
    expect(s.expected![k]).not.toBeNull();
    expect(s.lower![k]!).toBeLessThan(s.expected![k]!);
    expect(s.upper![k]!).toBeGreaterThan(s.expected![k]!);
    expect(s.values[k]!).toBeGreaterThan(s.upper![k]!);
    const spike = body.regions!.find((r) => r.start <= at(2000) && r.end >= at(2000));
    expect(spike).toMatchObject({ series: 'cpu', direction: 'up', peak_time: at(2000) });
    expect(spike!.explanation).toMatch(/^cpu = [\d.]+: /);
  });

  it('scores a range after the training window exactly as one that overlaps it', async () => {
    // After the window the pass that learned the threshold goes on; an overlap streams afresh.
    const after = (await server.post('/v1/timeseries/detect', request('ensemble'))).body;
    const overlap = (
      await server.post(
        '/v1/timeseries/detect',
        request('ensemble', { range: { from: at(1400), to: at(2879) } }),
      )
    ).body;
    const a = after.series![0];
    const o = overlap.series![0];
    const from = o.timestamps.indexOf(at(1440));
    expect(o.threshold).toBe(a.threshold);
    expect(o.timestamps.slice(from)).toEqual(a.timestamps);
    expect(o.score.slice(from)).toEqual(a.score);
    expect(o.upper!.slice(from)).toEqual(a.upper);
    expect(o.is_anomaly.slice(from)).toEqual(a.is_anomaly);
    expect(a.is_anomaly).toContain(true);
    expect(overlap.regions!.filter((r) => r.start >= at(1440))).toEqual(after.regions);
  });

  it('score-only replays the cached training points and scores like detect', async () => {
    const detect = (await server.post('/v1/timeseries/detect', request('holt_winters', { source: 'replay' })))
      .body;
    const { status, body } = await server.post('/v1/timeseries/score', {
      model_key: detect.meta!.model_key,
      series: [{ name: 'cpu', timestamps: timestamps.slice(1440), values: values.slice(1440) }],
      score_from: at(2400),
    });
    expect(status).toBe(200);
    expect(body.meta!.model_status).toBe('reused');
    expect(body.series![0].score).toEqual(detect.series![0].score.slice(2400 - 1440));
    expect(body.series![0].upper).toEqual(detect.series![0].upper!.slice(2400 - 1440));
  });

  it('refuses multivariate mode and bad parameters for streaming methods with 4xx', async () => {
    const mv = await server.post('/v1/timeseries/detect', request('ensemble', { mode: 'multivariate' }));
    expect(mv.status).toBe(400);
    expect(detailText(mv.body)).toMatch(/scores one series at a time: use mode 'per_series'/);
    const bad = await server.post(
      '/v1/timeseries/detect',
      request('holt_winters', { detector: { method: 'holt_winters', params: { bogus: 1 } } }),
    );
    expect(bad.status).toBe(422);
    expect(detailText(bad.body)).toMatch(/detector\.params/);
  });
});
