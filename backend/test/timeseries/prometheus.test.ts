import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { at, seasonalSeries, STEP_MS, T0 } from './syntheticSeries';
import { detailText, startTestServer, type TestServer } from './testServer';

/** A stand-in Prometheus speaking the real HTTP API for one metric, recording the queries it got. */
function fakePrometheus(): Promise<{ server: Server; url: string; queries: URLSearchParams[] }> {
  const queries: URLSearchParams[] = [];
  const { values } = seasonalSeries(2880, { 2000: 25 });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/status/buildinfo') {
      res.end(JSON.stringify({ status: 'success', data: { version: '2.42.0' } }));
      return;
    }
    if (url.pathname !== '/api/v1/query_range') {
      res.statusCode = 404;
      res.end('{}');
      return;
    }
    queries.push(url.searchParams);
    if (url.searchParams.get('query') === 'bad{') {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'bad_data',
          error: 'parse error: unexpected end of input',
        }),
      );
      return;
    }
    const start = Number(url.searchParams.get('start')) * 1000;
    const end = Number(url.searchParams.get('end')) * 1000;
    const samples: [number, string][] = [];
    for (let i = 0; i < values.length; i++) {
      const t = T0 + i * STEP_MS;
      if (t >= start && t <= end) samples.push([t / 1000, i === 5 ? 'NaN' : String(values[i])]);
    }
    const result = [{ metric: { __name__: 'cpu_usage', job: 'node' }, values: samples }];
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queries }),
    ),
  );
}

describe('PromQL source (the backend queries Prometheus)', () => {
  let lens: TestServer;
  let unconfigured: TestServer;
  let prom: Awaited<ReturnType<typeof fakePrometheus>>;
  beforeAll(async () => {
    prom = await fakePrometheus();
    // LF_PROMETHEUS_URL: the fake Prometheus, and a port where nothing listens.
    lens = await startTestServer({ prometheusUrls: [prom.url, 'http://127.0.0.1:9'] });
    unconfigured = await startTestServer();
  });
  afterAll(async () => {
    await lens.close();
    await unconfigured.close();
    prom.server.close();
  });

  const detect = (expr: string, headers: Record<string, string>, server = lens) =>
    server.post(
      '/v1/timeseries/detect',
      {
        prometheus: { expr, step_ms: STEP_MS },
        training: { from: T0, to: at(1440) },
        range: { from: at(1440), to: at(2879) },
        features: { value: true, diffs: [1] },
      },
      headers,
    );

  it('runs the expression over training + panel range at the Prometheus the route names', async () => {
    const { status, body } = await detect('rate(cpu[5m])', { 'X-Prometheus-Url': prom.url });
    expect(status).toBe(200);
    const q = prom.queries.at(-1)!;
    expect(q.get('query')).toBe('rate(cpu[5m])');
    expect(Number(q.get('start')) * 1000).toBe(T0);
    expect(Number(q.get('end')) * 1000).toBe(at(2879));
    expect(q.get('step')).toBe('60');
    expect(body.series![0]).toMatchObject({ name: 'cpu_usage', labels: { job: 'node' } });
    expect(body.meta!.executed_query).toMatch(
      /^rate\(cpu\[5m\]\) \[step 60s, 2024-01-01T00:00:00Z – .*\] on Prometheus at http:\/\/127\.0\.0\.1/,
    );
    expect(body.regions!.some((r) => r.peak_time === at(2000))).toBe(true);
  });

  it("passes Prometheus's own error for a bad expression back as a 400", async () => {
    const { status, body } = await detect('bad{', { 'X-Prometheus-Url': prom.url });
    expect(status).toBe(400);
    expect(detailText(body)).toBe(
      'Prometheus rejected the query (bad_data): parse error: unexpected end of input',
    );
  });

  it('uses the first allow-listed Prometheus when the request names none', async () => {
    const res = await detect('rate(cpu[5m])', {});
    expect(res.status).toBe(200);
    expect(prom.queries.at(-1)!.get('query')).toBe('rate(cpu[5m])');
    expect(res.body.meta!.executed_query).toMatch(/ on the default Prometheus \(LF_PROMETHEUS_URL\)$/);
    expect(JSON.stringify(res.body)).not.toContain(prom.url);
  });

  it('says what to configure when no Prometheus URL is known, and 502s when it does not answer', async () => {
    expect(detailText((await detect('up', {}, unconfigured)).body)).toMatch(/no Prometheus URL configured/);
    const down = await detect('up', { 'X-Prometheus-Url': 'http://127.0.0.1:9' });
    expect(down.status).toBe(502);
    expect(detailText(down.body)).toMatch(/did not answer/);
  });

  it('reports in GET /v1/timeseries/info whether Prometheus answers', async () => {
    const ok = await lens.get('/v1/timeseries/info', { 'X-Prometheus-Url': prom.url });
    expect(ok.body).toMatchObject({
      object: 'timeseries_info',
      prometheus: { configured: true, ok: true, version: '2.42.0' },
    });
    const none = await unconfigured.get('/v1/timeseries/info');
    expect(none.body).toMatchObject({ prometheus: { configured: false, ok: false } });
    expect(typeof none.body.version).toBe('string');
  });
});
