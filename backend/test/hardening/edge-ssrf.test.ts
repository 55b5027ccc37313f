/**
 * Hardening, finding 1: server-side request forgery through X-Prometheus-Url. Only the URLs the
 * backend's own LF_PROMETHEUS_URL lists are ever contacted, redirects are not followed, and no
 * upstream body is echoed. Black-box: the compiled service as a process.
 */
import { startService, type RunningService } from '../helpers/service';
import {
  countingServer,
  fakePrometheus,
  JSON_TYPE,
  promDetectBody,
  rawRequest,
  type CountingServer,
} from './edgeHelpers';

const NOT_ALLOWED = 'Prometheus URL not allowed: add it to LF_PROMETHEUS_URL';
const SECRET = 'TOPSECRET-4711';

let secret: CountingServer; // must never see a request
let prom: CountingServer; // allow-listed, a genuine (fake) Prometheus
let leaky: CountingServer; // allow-listed, answers with things that must not be echoed
let redirector: CountingServer; // allow-listed, redirects to the secret server
let svc: RunningService;
let bare: RunningService; // no LF_PROMETHEUS_URL at all

beforeAll(async () => {
  secret = await countingServer(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { version: SECRET }, secret: SECRET }));
    },
    { ipv6: true },
  );
  prom = await fakePrometheus();
  leaky = await countingServer((_req, res, url) => {
    if (url.searchParams.get('query') === 'long_error') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'bad_data',
          error: `parse error:\u0000\u001b[31m\r\nInjected: header ${'x'.repeat(1000)} ${SECRET}`,
        }),
      );
      return;
    }
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end(`<html><body>internal page ${SECRET}</body></html>`);
  });
  redirector = await countingServer((_req, res) => {
    res.writeHead(302, { location: `${secret.url}/secret.json` });
    res.end();
  });
  const env = { LF_PROMETHEUS_URL: `${prom.url}, ${leaky.url}/,${redirector.url}` };
  [svc, bare] = await Promise.all([startService({ env }), startService()]);
});

afterAll(async () => {
  await Promise.all([svc?.stop(), bare?.stop()]);
  await Promise.all([secret, prom, leaky, redirector].map((s) => s?.close()));
});

const info = (service: RunningService, prometheusUrl?: string) =>
  rawRequest(service.url, 'GET', '/v1/timeseries/info', {
    headers: prometheusUrl === undefined ? {} : { 'x-prometheus-url': prometheusUrl },
  });

const detect = (service: RunningService, prometheusUrl?: string, expr = 'up') =>
  rawRequest(service.url, 'POST', '/v1/timeseries/detect', {
    headers: { ...JSON_TYPE, ...(prometheusUrl === undefined ? {} : { 'x-prometheus-url': prometheusUrl }) },
    body: promDetectBody(expr),
  });

describe('X-Prometheus-Url naming anything but an allow-listed URL', () => {
  const attacks = (): string[] => {
    const s = secret.port;
    return [
      `http://127.0.0.1:${s}/secret.json#`, // the reported exploit: fragment swallows the API path
      `http://127.0.0.1:${s}`,
      `http://127.0.0.1:${s}/api/v1/query_range?`,
      `HTTP://127.0.0.1:${s}/`,
      `http://localhost:${s}/`,
      `http://0x7f000001:${s}/`, // hex
      `http://0x7f.0x0.0x0.0x1:${s}/`,
      `http://2130706433:${s}/`, // decimal
      `http://0177.0.0.1:${s}/`, // octal
      `http://127.1:${s}/`,
      `http://127.0.0.1.:${s}/`,
      `http://[::1]:${s}/`, // IPv6 (the secret server listens there too)
      `http://[::ffff:127.0.0.1]:${s}/`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${s}/`,
      `${prom.url}@127.0.0.1:${s}/`, // the allowed URL as user:password
      `http://user:pass@127.0.0.1:${s}/`,
      `http://127.0.0.1:${s}\\@${prom.url.slice('http://'.length)}/`,
      `http://127.0.0.1:${s}/#@${prom.url.slice('http://'.length)}`,
      `${prom.url}:${s}`,
      `ftp://127.0.0.1:${s}/`,
      `file:///etc/passwd`,
      'not a url',
    ];
  };

  it('GET /v1/timeseries/info reports the rule and echoes nothing', async () => {
    for (const url of attacks()) {
      const res = await info(svc, url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.body.prometheus).toEqual({ configured: true, ok: false, message: NOT_ALLOWED });
      expect(res.text).not.toContain(SECRET);
    }
  });

  it('POST /v1/timeseries/detect is a 403 naming the rule', async () => {
    for (const url of attacks()) {
      const res = await detect(svc, url);
      expect({ url, status: res.status, detail: res.body.detail }).toEqual({
        url,
        status: 403,
        detail: NOT_ALLOWED,
      });
    }
  });

  it('is refused the same way when the backend has no allow-list', async () => {
    const res = await detect(bare, `${secret.url}/secret.json#`);
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(NOT_ALLOWED);
    expect((await info(bare, secret.url)).body.prometheus.message).toBe(NOT_ALLOWED);
    expect((await detect(bare)).body.detail).toMatch(/no Prometheus URL configured: set LF_PROMETHEUS_URL/);
  });

  it('a redirect from an allow-listed URL is not followed', async () => {
    const res = await detect(svc, redirector.url);
    expect(res.status).toBe(502);
    expect(res.body.detail).toBe(
      `Prometheus at ${redirector.url} answered with a redirect (HTTP 302); redirects are not followed: put the final URL in LF_PROMETHEUS_URL`,
    );
    expect((await info(svc, redirector.url)).body.prometheus.ok).toBe(false);
    expect(redirector.requests.length).toBeGreaterThan(0);
  });

  // Last in this block: every attempt above (and the redirect) must have left the secret untouched.
  it('the secret server received no request at all', () => {
    expect(secret.requests).toEqual([]);
  });
});

describe('allow-listed Prometheus', () => {
  it('is the default when the request names none, and answers detect and info', async () => {
    const before = prom.requests.length;
    const res = await detect(svc);
    expect(res.status).toBe(200);
    // The default's URL is the operator's: a client that named none is not told it.
    expect(res.body.meta.executed_query).toMatch(/ on the default Prometheus \(LF_PROMETHEUS_URL\)$/);
    expect(res.text).not.toContain(prom.url);
    expect((await info(svc)).body.prometheus).toEqual({
      configured: true,
      ok: true,
      version: '2.53.0',
      message: 'the default Prometheus (LF_PROMETHEUS_URL) answers (version 2.53.0)',
    });
    expect((await info(svc, prom.url)).body.prometheus.message).toBe(
      `Prometheus at ${prom.url} answers (version 2.53.0)`,
    );
    expect(prom.requests.length).toBe(before + 3);
  });

  it('is matched after normalisation: case, trailing slash, default port, credentials, fragment', async () => {
    const host = prom.url.slice('http://'.length);
    for (const url of [
      `${prom.url}/`,
      `HTTP://${host.toUpperCase()}`,
      `http://u:p@${host}/#x`,
      `${prom.url}//`,
    ]) {
      const res = await detect(svc, url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
    // Listed with a trailing slash, named without one.
    expect((await info(svc, leaky.url)).body.prometheus.message).toBe(
      `Prometheus at ${leaky.url} answered HTTP 500 (not a Prometheus API response)`,
    );
  });

  it('never echoes an upstream body: a non-Prometheus answer is reduced to its status', async () => {
    const res = await detect(svc, leaky.url);
    expect(res.status).toBe(502);
    expect(res.body.detail).toBe(
      `Prometheus at ${leaky.url} answered HTTP 500 (not a Prometheus API response)`,
    );
    expect(res.text).not.toContain(SECRET);
  });

  it("passes Prometheus's own error on truncated and without control characters", async () => {
    const res = await detect(svc, leaky.url, 'long_error');
    expect(res.status).toBe(400);
    const detail = res.body.detail as string;
    expect(
      detail.startsWith('Prometheus rejected the query (bad_data): parse error: [31m Injected: header xxx'),
    ).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(detail).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(detail.length).toBeLessThanOrEqual('Prometheus rejected the query (bad_data): '.length + 201);
    expect(detail).not.toContain(SECRET);
  });
});
