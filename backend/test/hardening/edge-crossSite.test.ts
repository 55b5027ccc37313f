/**
 * Hardening, finding 2: cross-site writes and DNS rebinding. Bodies must be declared JSON, the Host
 * must be one the service answers to, a browser Origin must be allowed, and responses carry
 * security headers. Black-box: the compiled service as a process.
 */
import { startService, type RunningService } from '../helpers/service';
import { JSON_TYPE, rawRequest } from './edgeHelpers';

let svc: RunningService;
let port: string;

beforeAll(async () => {
  svc = await startService({
    env: {
      LF_ALLOWED_HOSTS: 'backend, lens.internal:8080',
      LF_ALLOWED_ORIGINS: 'https://grafana.example.com',
    },
  });
  port = new URL(svc.url).port;
});
afterAll(async () => {
  await svc?.stop();
});

const rows = (center: number): number[][] => Array.from({ length: 30 }, (_, i) => [center + (i % 7) / 10]);

const fit = (model: string, center: number, headers: Record<string, string>) =>
  rawRequest(svc.url, 'POST', '/v1/anomaly/fit', { headers, body: { model, data: rows(center) } });

const scoreOf = async (model: string): Promise<number> => {
  const res = await rawRequest(svc.url, 'POST', '/v1/anomaly/score', {
    headers: JSON_TYPE,
    body: { model, data: [[100]] },
  });
  expect(res.status).toBe(200);
  return res.body.data[0].score as number;
};

const modelNames = async (): Promise<string[]> => {
  const res = await rawRequest(svc.url, 'GET', '/v1/anomaly/models');
  return (res.body.data as { name?: string; filename?: string }[]).map((m) => JSON.stringify(m));
};

describe('Content-Type', () => {
  it('a text/plain body (what any web page may send cross-site) cannot overwrite a model', async () => {
    expect((await fit('victim', 1, JSON_TYPE)).status).toBe(200);
    const before = await scoreOf('victim');
    const listed = await modelNames();
    const res = await fit('victim', 100, { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.detail).toBe(
      "request bodies must be JSON with Content-Type: application/json (got 'text/plain'); with curl add -H 'content-type: application/json'",
    );
    expect(await scoreOf('victim')).toBe(before);
    expect(await modelNames()).toEqual(listed);
  });

  it.each([
    ['text/plain;charset=UTF-8'],
    ['application/x-www-form-urlencoded'], // curl -d without -H
    ['multipart/form-data; boundary=x'],
    ['application/json; charset=latin1'],
    ['application/jsonx'],
    [''],
  ])('refuses a body sent as %j with 415', async (type) => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    const res = await fit('not-created', 1, headers);
    expect(res.status).toBe(415);
    expect(res.body.detail).toMatch(/^request bodies must be JSON with Content-Type: application\/json/);
    expect((await modelNames()).some((m) => m.includes('not-created'))).toBe(false);
  });

  it.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON;Charset="UTF-8"']])(
    'accepts %j',
    async (type) => {
      expect((await fit('typed', 1, { 'content-type': type })).status).toBe(200);
    },
  );

  it('lets an empty POST through to validation (no body, no type needed)', async () => {
    const res = await rawRequest(svc.url, 'POST', '/v1/anomaly/score');
    expect(res.status).toBe(422);
  });
});

describe('Host (DNS rebinding)', () => {
  it.each([
    ['localhost:PORT'],
    ['LOCALHOST'],
    ['127.0.0.1:PORT'],
    ['[::1]:PORT'],
    ['127.0.0.1:1234'],
    ['backend:11540'], // what Grafana's proxy sends for backendUrl http://backend:11540
    ['lens.internal:8080'],
  ])('serves Host %s', async (host) => {
    const res = await rawRequest(svc.url, 'GET', '/v1/anomaly/backends', {
      headers: { host: host.replace('PORT', port) },
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['attacker.example:PORT'],
    ['attacker.example'],
    ['127.0.0.1.nip.io:PORT'],
    ['localhost.attacker.example'],
    ['lens.internal:9999'],
    ['0.0.0.0:PORT'],
  ])('refuses Host %s with 421', async (host) => {
    const value = host.replace('PORT', port);
    const res = await rawRequest(svc.url, 'GET', '/v1/anomaly/backends', { headers: { host: value } });
    expect(res.status).toBe(421);
    expect(res.body.detail).toBe(`Host '${value}' is not allowed: add it to LF_ALLOWED_HOSTS`);
  });

  it('refuses a rebinding write before it runs, and /health too', async () => {
    const res = await fit('rebound', 1, { ...JSON_TYPE, host: `attacker.example:${port}` });
    expect(res.status).toBe(421);
    expect((await modelNames()).some((m) => m.includes('rebound'))).toBe(false);
    const health = await rawRequest(svc.url, 'GET', '/health', { headers: { host: 'attacker.example' } });
    expect(health.status).toBe(421);
  });
});

describe('Origin (browsers)', () => {
  it.each([
    ['https://attacker.example'],
    ['null'],
    ['http://localhost.attacker.example'],
    ['https://grafana.example.com:8443'],
  ])('refuses a request from %s with 403, even as JSON', async (origin) => {
    const res = await fit('cross-origin', 1, { ...JSON_TYPE, origin });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(
      new RegExp(`^Origin '${origin.replace(/\./g, '\\.')}' is not allowed: add it to LF_ALLOWED_ORIGINS`),
    );
    expect((await modelNames()).some((m) => m.includes('cross-origin'))).toBe(false);
  });

  it.each([['http://localhost:3000'], ['http://127.0.0.1:8080'], ['https://grafana.example.com']])(
    'accepts %s',
    async (origin) => {
      expect((await fit('from-origin', 1, { ...JSON_TYPE, origin })).status).toBe(200);
    },
  );
});

describe('security headers', () => {
  it('are on answers and on errors', async () => {
    for (const res of [
      await rawRequest(svc.url, 'GET', '/health'),
      await rawRequest(svc.url, 'GET', '/v1/nowhere'),
      await rawRequest(svc.url, 'GET', '/health', { headers: { host: 'attacker.example' } }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('the listen address and start-up checks', () => {
  it('serves the HOST it listens on (when not 0.0.0.0) besides the loopback names', async () => {
    const other = await startService({ env: { HOST: '127.0.0.2' } });
    try {
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.2:/);
      expect((await rawRequest(other.url, 'GET', '/health')).status).toBe(200);
      const lens = await rawRequest(other.url, 'GET', '/health', { headers: { host: 'backend' } });
      expect(lens.status).toBe(421);
    } finally {
      await other.stop();
    }
  });

  it.each([
    [
      { LF_PROMETHEUS_URL: 'ftp://prometheus:9090' },
      /LF_PROMETHEUS_URL: 'ftp:\/\/prometheus:9090' is not an absolute/,
    ],
    [
      { LF_PROMETHEUS_URL: 'http://u:p@prometheus:9090' },
      /LF_PROMETHEUS_URL: 'prometheus:9090' carries credentials/,
    ],
    [
      { LF_ALLOWED_ORIGINS: 'grafana.example.com' },
      /LF_ALLOWED_ORIGINS: 'grafana.example.com' is not an origin/,
    ],
    [{ LF_ALLOWED_HOSTS: 'http://backend' }, /LF_ALLOWED_HOSTS: 'http:\/\/backend' is not a host name/],
    [{ LF_MAX_CONNECTIONS: '0' }, /LF_MAX_CONNECTIONS must be at least 1/],
    [
      { LF_HEADERS_TIMEOUT_MS: '5000', LF_REQUEST_TIMEOUT_MS: '1000' },
      /LF_REQUEST_TIMEOUT_MS \(1000\) must not be below LF_HEADERS_TIMEOUT_MS \(5000\)/,
    ],
  ])('refuses to start with %j', async (env, message) => {
    await expect(startService({ env })).rejects.toThrow(message);
  });
});
