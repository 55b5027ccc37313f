import { startService, type RunningService } from '../helpers/service';

/** Input that used to be accepted and then fail with a 500 is refused up front with the limit named. */
let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const data = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]);

describe('model name length', () => {
  // File name `{name}[_{YYYYMMDD_HHMMSS_NNN}]_{backend}.alm` must stay within 255 bytes.
  const cases = [
    { prefix: '/v1/anomaly', backend: 'isolation_forest', limit: 255 - '_isolation_forest.alm'.length },
    {
      prefix: '/v1/anomaly',
      backend: 'local_outlier_factor',
      limit: 255 - '_local_outlier_factor.alm'.length,
    },
    {
      prefix: '/v1/ml/anomaly',
      backend: 'isolation_forest',
      limit: 255 - 21 - '_YYYYMMDD_HHMMSS_999'.length,
    },
    { prefix: '/v1/ml/anomaly', backend: 'local_outlier_factor', limit: 255 - 25 - 20 },
  ];

  it.each(cases)(
    '$prefix $backend: a name of $limit bytes fits and scores, one more is a 422 naming the limit',
    async ({ prefix, backend, limit }) => {
      const ok = 'n'.repeat(limit);
      const fit = await svc.post(`${prefix}/fit`, { model: ok, backend, data });
      expect(fit.status).toBe(200);
      const score = await svc.post(`${prefix}/score`, {
        model: fit.body.model,
        backend,
        data: data.slice(0, 2),
      });
      expect(score.status).toBe(200);

      const started = Date.now();
      const tooLong = await svc.post(`${prefix}/fit`, { model: 'n'.repeat(limit + 1), backend, data });
      expect(tooLong.status).toBe(422);
      expect(tooLong.body.detail[0].loc).toEqual(['body', 'model']);
      expect(tooLong.body.detail[0].msg).toMatch(
        new RegExp(`${limit + 1} bytes .* within 255 bytes, so use at most ${limit}`),
      );
      expect(Date.now() - started).toBeLessThan(2000); // refused before any training
    },
  );

  it('counts bytes of the name as stored (non-ASCII characters become one "_" each per UTF-16 unit)', async () => {
    const limit = 255 - '_isolation_forest.alm'.length;
    const emoji = '😀'.repeat(Math.floor(limit / 2) + 1); // 2 UTF-16 units each → one over the limit
    const res = await svc.post('/v1/anomaly/fit', { model: emoji, data });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].msg).toMatch(/UTF-8/);
    const fits = await svc.post('/v1/anomaly/fit', { model: 'é'.repeat(limit), data });
    expect(fits.status).toBe(200);
  });

  it('an async fit with a name too long is refused at once, not as a failed job', async () => {
    const res = await svc.post('/v1/anomaly/fit', { model: 'x'.repeat(300), data, async: true });
    expect(res.status).toBe(422);
  });
});

describe('timestamps outside the Date range', () => {
  type Window = { from: number; to: number };
  const detect = (timestamps: number[], range: Window, training?: Window) =>
    svc.post('/v1/timeseries/detect', {
      series: [{ name: 'cpu', timestamps, values: timestamps.map((_, i) => i % 3) }],
      range,
      training,
      detector: { method: 'ewma' },
    });

  it.each([9e15, 1e308, -9e15])('a point at %d is a 400 naming the limit', async (t) => {
    const ts = t > 0 ? [0, 60_000, t] : [t, 0, 60_000];
    const res = await detect(ts, { from: 0, to: 120_000 });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(
      /outside the Date range: timestamps are epoch milliseconds within ±8640000000000000/,
    );
  });

  it.each([9e15, 1e308])('a range bound at %d is a 422 naming the limit', async (to) => {
    const res = await detect([0, 60_000, 120_000], { from: 0, to });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.detail)).toMatch(/within ±8640000000000000 \(the Date range/);
  });

  it('the extremes of the Date range are accepted', async () => {
    const ts = Array.from({ length: 50 }, (_, i) => 8.64e15 - (49 - i) * 60_000);
    const res = await detect(ts, { from: ts[25], to: 8.64e15 }, { from: -8.64e15, to: ts[25] });
    expect(res.body.detail).toBeUndefined();
    expect(res.status).toBe(200);
  });
});
