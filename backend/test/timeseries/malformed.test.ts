import { at, seasonalSeries, T0 } from './syntheticSeries';
import { detailText, startTestServer, type TestServer } from './testServer';

const { timestamps, values } = seasonalSeries(200);
const good = { name: 'cpu', timestamps, values };
const base = { training: { from: T0, to: at(100) }, range: { from: at(100), to: at(199) } };

/** Each malformed request, the status it must get, and words its message must contain. */
const CASES: [string, unknown, number, RegExp][] = [
  [
    'lengths differ',
    { ...base, series: [{ ...good, values: values.slice(1) }] },
    400,
    /200 timestamps but 199 values/,
  ],
  [
    'unsorted timestamps',
    {
      ...base,
      series: [{ ...good, timestamps: [...timestamps.slice(0, 5), timestamps[3], ...timestamps.slice(6)] }],
    },
    400,
    /not sorted \(index 5/,
  ],
  [
    'duplicate timestamps',
    {
      ...base,
      series: [{ ...good, timestamps: [...timestamps.slice(0, 6), timestamps[5], ...timestamps.slice(7)] }],
    },
    400,
    /duplicate timestamp .* at index 6/,
  ],
  ['empty series', { ...base, series: [{ name: 'cpu', timestamps: [], values: [] }] }, 400, /is empty/],
  [
    'all-null series',
    { ...base, series: [{ ...good, values: values.map(() => null) }] },
    400,
    /only null values/,
  ],
  [
    'training window without data',
    { ...base, training: { from: at(-5000), to: at(-4000) }, series: [good] },
    400,
    /training window .* has no point for cpu .*widen the training window/,
  ],
  [
    'unknown detector',
    { ...base, series: [good], detector: { method: 'nope' } },
    422,
    /unknown method 'nope'; valid: .*isolation_forest/,
  ],
  [
    'bad detector params',
    { ...base, series: [good], detector: { params: { n_estimators: -1 } } },
    422,
    /n_estimators/,
  ],
  ['no source', { ...base }, 422, /exactly one source/],
  ['range backwards', { ...base, range: { from: at(5), to: at(1) }, series: [good] }, 422, /from < to/],
  ['NaN value', `{"range":{"from":1,"to":2},"series":[{"timestamps":[1],"values":[NaN]}]}`, 422, /values\.0/],
  ['not JSON', '{"range":', 422, /JSON decode error/],
  ['unknown field', { ...base, series: [good], bogus: 1 }, 422, /bogus/],
];

describe('malformed time-series requests get a 4xx that says what to fix', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(CASES)('%s', async (_name, body, status, message) => {
    const res = await server.post('/v1/timeseries/detect', body);
    expect(res.status).toBe(status);
    expect(detailText(res.body)).toMatch(message);
  });

  // The point arrays have a fast validation path; a bad point must still be named as zod names it.
  it.each<[string, unknown, string, number]>([
    [
      'a string among the values',
      { ...good, values: [...values.slice(0, 7), 'NaN', ...values.slice(8)] },
      'body.series.1.values.7: Invalid input: expected number, received string',
      422,
    ],
    [
      'an object among the values',
      { ...good, values: [...values.slice(0, 3), { value: 1 }, ...values.slice(4)] },
      'body.series.1.values.3: Invalid input: expected number, received object',
      422,
    ],
    [
      'a null timestamp',
      { ...good, timestamps: [...timestamps.slice(0, 5), null, ...timestamps.slice(6)] },
      'body.series.1.timestamps.5: Invalid input: expected number, received null',
      422,
    ],
    [
      'one value too few',
      { ...good, values: values.slice(1) },
      "series[1] 'cpu': 200 timestamps but 199 values: send one value per timestamp",
      400,
    ],
    [
      'no values at all',
      { name: 'cpu', timestamps },
      'body.series.1.values: Invalid input: expected array, received undefined',
      422,
    ],
    [
      'values that are not an array',
      { ...good, values: 'many' },
      'body.series.1.values: Invalid input: expected array, received string',
      422,
    ],
  ])('rejects %s with a 4xx naming the point', async (_name, bad, message, status) => {
    const res = await server.post('/v1/timeseries/detect', { ...base, series: [good, bad] });
    expect(res.status).toBe(status);
    expect(detailText(res.body)).toBe(message);
  });

  it('rejects a bare NaN or Infinity among the points with 422 naming the point', async () => {
    const text = JSON.stringify({ ...base, series: [good] });
    const res = await server.post(
      '/v1/timeseries/detect',
      text.replace(`"values":[${values[0]},`, '"values":[NaN,').replace(`${timestamps[1]},`, '-Infinity,'),
    );
    expect(res.status).toBe(422);
    expect(detailText(res.body)).toBe(
      'body.series.0.timestamps.1: Invalid input: expected number, received -Infinity; ' +
        'body.series.0.values.0: Invalid input: expected number, received Infinity',
    );
  });

  it('scores the series that have training data and warns about the others', async () => {
    const late = { name: 'late', timestamps: timestamps.slice(150), values: values.slice(150) };
    const res = await server.post('/v1/timeseries/detect', { ...base, series: [good, late] });
    expect(res.status).toBe(200);
    expect(res.body.series!.map((s) => s.name)).toEqual(['cpu']);
    expect(res.body.meta!.notices).toContainEqual({
      severity: 'warning',
      text: expect.stringMatching(/has no point for late/),
    });
  });

  it('warns when the training data is thin', async () => {
    const res = await server.post('/v1/timeseries/detect', {
      ...base,
      training: { from: at(80), to: at(100) },
      series: [good],
    });
    expect(res.status).toBe(200);
    expect(res.body.meta!.notices).toContainEqual({
      severity: 'warning',
      text: expect.stringMatching(/only 20 training points/),
    });
  });

  it('answers score-only calls for unknown model keys with 404', async () => {
    const res = await server.post('/v1/timeseries/score', { model_key: 'missing', series: [good] });
    expect(res.status).toBe(404);
    expect(detailText(res.body)).toMatch(/call detect/);
  });
});
