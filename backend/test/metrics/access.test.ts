/**
 * Who may read /metrics: open to this machine by default, the API key from anywhere else, and the
 * LF_METRICS_AUTH / LF_METRICS_MAX_SERIES settings. A real server on all interfaces, reached once
 * through loopback and once through this machine's network address (a non-loopback peer).
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { hostPolicy, requireAllowedHost } from '../../src/http/allowedHosts';
import { errorHandler } from '../../src/http/errorHandler';
import { isLoopbackAddress, requireMetricsAccess, type MetricsAccess } from '../../src/http/metricsAccess';
import { MetricsExposition } from '../../src/metrics/exposition';
import { metricsRouter } from '../../src/metrics/router';
import { describeIf } from '../helpers/skipped';
import { parseExposition } from '../helpers/exposition';
import { realisticSources } from '../helpers/metricsSources';

const KEY = 'scrape-key';
const networkAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

async function serve(
  mode: MetricsAccess,
  key: string | undefined,
): Promise<{ port: number; server: Server }> {
  const app = express();
  app.use(requireAllowedHost(hostPolicy('0.0.0.0', networkAddress ? [networkAddress] : [])));
  const exposition = new MetricsExposition(realisticSources(), { processMetrics: false });
  app.use('/metrics', metricsRouter(exposition, requireMetricsAccess(mode, key)));
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '0.0.0.0', () => resolve(s));
  });
  return { port: (server.address() as AddressInfo).port, server };
}

async function scrape(host: string, port: number, headers: Record<string, string> = {}) {
  const res = await fetch(`http://${host}:${port}/metrics`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text };
}

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['::ffff:192.0.2.2', false],
    ['fe80::1', false],
    ['128.0.0.1', false],
    [undefined, false],
  ])('%s → %s', (address, loopback) => expect(isLoopbackAddress(address)).toBe(loopback));
});

describeIf(networkAddress !== undefined, 'needs a non-loopback IPv4 interface to connect from')(
  'GET /metrics access',
  () => {
    const servers: Server[] = [];
    const start = async (mode: MetricsAccess, key: string | undefined) => {
      const s = await serve(mode, key);
      servers.push(s.server);
      return s.port;
    };
    afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

    it('serves loopback clients without a key and the text format Prometheus expects', async () => {
      const port = await start('loopback', KEY);
      const res = await scrape('127.0.0.1', port);
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(parseExposition(res.text).samples.length).toBeGreaterThan(50);
    });

    it('asks other clients for the API key, and serves them with it', async () => {
      const port = await start('loopback', KEY);
      const host = networkAddress as string;
      const missing = await scrape(host, port);
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.text).detail).toMatch(/missing API key/);
      expect((await scrape(host, port, { authorization: 'Bearer nope' })).status).toBe(401);
      const ok = await scrape(host, port, { authorization: `Bearer ${KEY}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('anomalylens_anomaly_active{');
      expect((await scrape(host, port, { 'x-api-key': KEY })).status).toBe(200);
    });

    it('refuses other clients when no key is configured, and says how to allow them', async () => {
      const port = await start('loopback', undefined);
      const res = await scrape(networkAddress as string, port);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).detail).toMatch(/LF_API_KEY.*LF_METRICS_AUTH=open/);
      expect(res.text).not.toContain('anomalylens');
    });

    it('needs the key from loopback too in key mode', async () => {
      const port = await start('key', KEY);
      expect((await scrape('127.0.0.1', port)).status).toBe(401);
      expect((await scrape('127.0.0.1', port, { 'x-api-key': KEY })).status).toBe(200);
    });

    it('serves everyone in open mode', async () => {
      const port = await start('open', undefined);
      expect((await scrape(networkAddress as string, port)).status).toBe(200);
    });
  },
);

describe('metrics configuration', () => {
  const base = { LF_DATA_DIR: '/tmp/unused' };

  it('defaults to loopback access and 10,000 series', () => {
    const config = loadConfig(base);
    expect(config.metricsAccess).toBe('loopback');
    expect(config.metricsMaxSeries).toBe(10_000);
    expect(loadConfig({ ...base, LF_METRICS_AUTH: 'OPEN', LF_METRICS_MAX_SERIES: '500' })).toMatchObject({
      metricsAccess: 'open',
      metricsMaxSeries: 500,
    });
  });

  it('refuses unknown modes, key mode without a key, and a limit below 1', () => {
    expect(() => loadConfig({ ...base, LF_METRICS_AUTH: 'public' })).toThrow(
      "LF_METRICS_AUTH must be one of loopback, key, open, got 'public'",
    );
    expect(() => loadConfig({ ...base, LF_METRICS_AUTH: 'key' })).toThrow(
      'LF_METRICS_AUTH=key needs LF_API_KEY',
    );
    expect(loadConfig({ ...base, LF_METRICS_AUTH: 'key', LF_API_KEY: 'k' }).metricsAccess).toBe('key');
    expect(() => loadConfig({ ...base, LF_METRICS_MAX_SERIES: '0' })).toThrow('LF_METRICS_MAX_SERIES');
  });
});
