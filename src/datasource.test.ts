import { DataTopic, FieldType, type DataFrame } from '@grafana/data';
import type { DetectBody } from './api/backendTypes';
import { startLensFixture, queryRequest, type LensFixture } from './test/lensFixture';
import type { AnomalyQuery } from './types';

const HOUR = 3_600_000;
const PANEL_FROM = Date.UTC(2024, 2, 10, 12, 20);
const PANEL_TO = PANEL_FROM + 6 * HOUR;
const SPIKE = PANEL_FROM + 2 * HOUR;

const detectQuery = (patch: Partial<AnomalyQuery> = {}): AnomalyQuery => ({
  refId: 'A',
  queryType: 'detect',
  source: 'datasource',
  sourceDatasource: { uid: 'wave', type: 'test-wave-datasource' },
  sourceQuery: { refId: 'A', series: 'cpu', spikeAt: SPIKE, spikeHeight: 40 } as AnomalyQuery['sourceQuery'],
  method: 'isolation_forest',
  ...patch,
});

const field = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name);

describe('AnomalyLensDataSource', () => {
  let fx: LensFixture;
  beforeAll(async () => {
    fx = await startLensFixture();
  });
  afterAll(() => fx.backend.stop());

  it('runs the other data source over training + panel range and sends its points through the proxy route', async () => {
    const response = await fx.lens.query(queryRequest([detectQuery()], PANEL_FROM, PANEL_TO));
    const sourceRequest = fx.wave.requests.at(-1)!;
    const trainingTo = Date.UTC(2024, 2, 10, 12); // the last whole hour before the panel starts
    expect(sourceRequest.range.from.valueOf()).toBe(trainingTo - 7 * 24 * HOUR);
    expect(sourceRequest.range.to.valueOf()).toBe(PANEL_TO);
    expect(sourceRequest.intervalMs).toBe(63_000); // (7 d + 6 h 20 min) / 10,000 points = 62.76 s, up to whole seconds

    const sent = fx.backend.last('/v1/timeseries/detect')!;
    expect(sent.headers['x-api-key']).toBe('k1'); // injected by the route, not sent by the browser
    expect(sent.headers['x-prometheus-url']).toBe('http://prometheus:9090');
    const body = sent.body as DetectBody;
    expect(body.training).toEqual({ from: trainingTo - 7 * 24 * HOUR, to: trainingTo });
    expect(body.range).toEqual({ from: PANEL_FROM, to: PANEL_TO });
    expect(body.features).toEqual({
      value: true,
      diffs: [1],
      rolling: [10],
      lags: [],
      hour_of_day: false,
      day_of_week: false,
      utc_offset_minutes: 0,
    });
    expect(body.detector).toEqual({
      method: 'isolation_forest',
      normalization: 'standardization',
      contamination: 0.01,
    });
    expect(body.series).toHaveLength(1);
    expect(body.series![0]).toMatchObject({ name: 'cpu', labels: { series: 'cpu' } });

    const frames = response.data as DataFrame[];
    const [observed] = frames;
    expect(observed.fields.map((f) => f.type)).toEqual([FieldType.time, FieldType.number]);
    expect(observed.fields[1].labels).toEqual({ series: 'cpu' });
    expect(observed.meta?.custom).toMatchObject({ modelStatus: 'fitted' });
    expect(observed.meta?.executedQueryString).toMatch(
      /^test-wave-datasource query .* every 63s\ndetector isolation_forest \(per_series\), training 2024-03-03T12:00Z – 2024-03-10T12:00Z, model fitted$/,
    );
    const score = frames.find((f) => f.name === 'cpu{series="cpu"} score')!;
    expect(score.fields[1].config.custom).toMatchObject({
      axisPlacement: 'right',
      thresholdsStyle: { mode: 'dashed' },
    });
    expect(score.fields[1].config.thresholds?.steps[1].value).toBe(0.5);
    const events = frames.find((f) => f.meta?.dataTopic === DataTopic.Annotations)!;
    expect(events.fields.map((f) => f.name)).toEqual([
      'time',
      'timeEnd',
      'title',
      'text',
      'tags',
      'color',
      'isRegion',
    ]);
    const spikeRow = field(events, 'time')!.values.findIndex((t: number) => Math.abs(t - SPIKE) < 63_000);
    expect(spikeRow).toBeGreaterThanOrEqual(0);
    expect(field(events, 'title')!.values[spikeRow]).toBe('▲ anomaly in cpu{series="cpu"}');
    expect(field(events, 'tags')!.values[spikeRow]).toEqual(['anomaly', 'up', 'cpu', 'isolation_forest']);
  });

  it('on a refresh with unchanged settings fetches only the panel range and scores with the cached model', async () => {
    const before = fx.wave.requests.length;
    const refreshed = queryRequest([detectQuery()], PANEL_FROM + 60_000, PANEL_TO + 60_000);
    const response = await fx.lens.query(refreshed);
    expect(fx.wave.requests.length).toBe(before + 1);
    const source = fx.wave.requests.at(-1)!;
    // context_ms (60 s from the backend) + one step before the panel
    expect(source.range.from.valueOf()).toBe(PANEL_FROM + 60_000 - 60_000 - 63_000);
    const scored = fx.backend.last('/v1/timeseries/score')!;
    expect(scored.body).toMatchObject({ score_from: PANEL_FROM + 60_000 });
    const first = (response.data as DataFrame[])[0];
    expect(first.meta?.custom).toMatchObject({ modelStatus: 'reused' });
    expect(first.meta?.notices).toContainEqual({ severity: 'info', text: 'model reused from cache' });
  });

  it('draws the expected band: the upper field fills down to the lower one', async () => {
    const response = await fx.lens.query(
      queryRequest([detectQuery({ method: 'seasonal_band' })], PANEL_FROM, PANEL_TO),
    );
    const band = (response.data as DataFrame[]).find((f) => f.name === 'cpu{series="cpu"} band')!;
    expect(band.fields.map((f) => f.name)).toEqual([
      'time',
      'cpu{series="cpu"} expected',
      'cpu{series="cpu"} upper',
      'cpu{series="cpu"} lower',
    ]);
    expect(band.fields[2].config.custom.fillBelowTo).toBe('cpu{series="cpu"} lower');
    expect(band.fields[2].config.displayNameFromDS).toBe('cpu{series="cpu"} upper');
  });

  it("shows the backend's 4xx message as a panel notice instead of failing", async () => {
    const response = await fx.lens.query(
      queryRequest([detectQuery({ method: 'nope' })], PANEL_FROM, PANEL_TO),
    );
    expect(response.error).toBeUndefined();
    const [frame] = response.data as DataFrame[];
    expect(frame.refId).toBe('A');
    expect(frame.meta?.notices).toEqual([
      { severity: 'error', text: "detector.method: unknown method 'nope'" },
    ]);
  });

  it('refuses an invalid query with a notice, without calling the backend', async () => {
    const calls = fx.backend.requests.length;
    const response = await fx.lens.query(
      queryRequest([{ refId: 'B', source: 'csv', csv: 'time,x\n2,1\n1,2' }], PANEL_FROM, PANEL_TO),
    );
    expect(fx.backend.requests.length).toBe(calls);
    expect((response.data as DataFrame[])[0].meta?.notices?.[0].text).toBe(
      'fix the query: line 3: time goes backwards: rows must be in increasing time order',
    );
  });

  it('interpolates template variables and lets the backend run PromQL', async () => {
    const response = await fx.lens.query(
      queryRequest(
        [
          {
            refId: 'C',
            source: 'promql',
            expr: 'rate($metric[5m])',
            modelName: '$model',
            method: 'isolation_forest',
          },
        ],
        PANEL_FROM,
        PANEL_TO,
      ),
    );
    const body = fx.backend.last('/v1/timeseries/detect')!.body as DetectBody;
    expect(body.prometheus).toEqual({ expr: 'rate(up[5m])' });
    expect(body.model_name).toBe('night-shift');
    expect(body.series).toBeUndefined();
    expect(response.data).toHaveLength(1); // no series from the fake Prometheus-less backend: just the events frame
  });

  it('returns only the anomaly events for dashboard annotation queries', async () => {
    const target = fx.lens.annotations!.prepareQuery!({
      name: 'anomalies',
      enable: true,
      iconColor: 'red',
      target: detectQuery(),
    } as never)!;
    const response = await fx.lens.query(queryRequest([target], PANEL_FROM, PANEL_TO));
    const frames = response.data as DataFrame[];
    expect(frames).toHaveLength(1);
    expect(frames[0].meta?.dataTopic).toBe(DataTopic.Annotations);
  });

  it('lists saved models as a table and for variables, and methods for variables', async () => {
    const table = (
      await fx.lens.query(queryRequest([{ refId: 'M', queryType: 'models' }], PANEL_FROM, PANEL_TO))
    ).data[0] as DataFrame;
    expect(table.fields.map((f) => f.name)).toEqual([
      'name',
      'backend',
      'created',
      'size',
      'filename',
      'description',
    ]);
    expect(table.fields[0].values).toEqual(['cpu']);
    expect(await fx.lens.metricFindQuery('models')).toEqual([{ text: 'cpu', value: 'cpu' }]);
    expect((await fx.lens.metricFindQuery({ query: 'methods' })).map((v) => v.text)).toEqual([
      'isolation_forest',
      'seasonal_band',
      'ensemble',
    ]);
  });

  it('Save & test reports the backend version, saved models, and whether Prometheus answers', async () => {
    expect(await fx.lens.testDatasource()).toEqual({
      status: 'success',
      message: 'Anomaly backend 0.1.0: 1 saved model(s), 3 detectors. Prometheus 2.42.0 answers.',
    });
    const disallowed = await fx.otherPrometheus.testDatasource();
    expect(disallowed).toEqual({
      status: 'warning',
      message:
        'Anomaly backend 0.1.0: 1 saved model(s), 3 detectors. Prometheus URL not allowed: add it to LF_PROMETHEUS_URL.',
    });
    const refused = await fx.wrongKey.testDatasource();
    expect(refused.status).toBe('error');
    expect(refused.message).toMatch(/refused the API key/);
  });
});
