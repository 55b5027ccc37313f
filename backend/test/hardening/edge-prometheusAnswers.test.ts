/**
 * Hardening: what the Prometheus client tells a client and how much it reads. A message names a
 * Prometheus URL only when the client named that URL itself (X-Prometheus-Url); the operator's
 * default (LF_PROMETHEUS_URL, an internal address in docker compose) never reaches a response,
 * PromQL monitors' statuses included. An answer above LF_PROMETHEUS_MAX_MB is cut off (the request
 * aborted) and refused with a 413 that says how to narrow the query. Black-box: the compiled
 * service as a process, real HTTP servers standing in for Prometheus.
 */
import type { ServerResponse } from 'node:http';
import { freePort } from '../helpers/freePort';
import { startService, type RunningService } from '../helpers/service';
import {
  countingServer,
  fakePrometheus,
  JSON_TYPE,
  promDetectBody,
  rawRequest,
  type CountingServer,
} from './edgeHelpers';

const DEFAULT = 'the default Prometheus (LF_PROMETHEUS_URL)';
const NARROW = 'narrow the query (fewer series, a coarser step or a shorter range)';
const MATRIX_START = '{"status":"success","data":{"resultType":"matrix","result":[';
const CHUNK = ' '.repeat(64 * 1024); // JSON whitespace: valid, just far too much of it
/**
 * The default, gone: refused, or a kept-alive connection found closed (ECONNREFUSED or
 * UND_ERR_SOCKET, depending on whether the backend still held a connection to it).
 */
const DEFAULT_GONE = /^the default Prometheus \(LF_PROMETHEUS_URL\) did not answer \([A-Z_]+\)$/;

let prom: CountingServer; // the default; closed halfway to play a Prometheus that went down
let flood: CountingServer; // allow-listed, answers every range query with more than the cap
let deadUrl: string; // allow-listed, nothing listens there
let svc: RunningService;
const floodClosed: Promise<void>[] = []; // one per endless answer: settles when the client hangs up

/** Writes whitespace until the client closes the connection (respecting backpressure). */
function endless(res: ServerResponse): void {
  floodClosed.push(new Promise((resolve) => res.once('close', () => resolve())));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(MATRIX_START);
  const pump = (): void => {
    while (!res.destroyed && res.write(CHUNK));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

beforeAll(async () => {
  prom = await fakePrometheus();
  flood = await countingServer((_req, res, url) => {
    if (url.searchParams.get('query') !== 'announced') return endless(res);
    // Announces its size: refused before a byte of the body is read.
    const body = MATRIX_START + CHUNK.repeat(40) + ']}}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  svc = await startService({
    env: {
      LF_PROMETHEUS_URL: `${prom.url},${deadUrl},${flood.url}`,
      LF_PROMETHEUS_MAX_MB: '1',
      LF_CHECK_INTERVAL: '0',
    },
  });
});

afterAll(async () => {
  await svc?.stop();
  await Promise.all([prom, flood].map((s) => s?.close()));
});

const named = (prometheusUrl?: string): Record<string, string> =>
  prometheusUrl === undefined ? {} : { 'x-prometheus-url': prometheusUrl };

const info = (prometheusUrl?: string) =>
  rawRequest(svc.url, 'GET', '/v1/timeseries/info', { headers: named(prometheusUrl) });

const detect = (prometheusUrl?: string, expr = 'up') =>
  rawRequest(svc.url, 'POST', '/v1/timeseries/detect', {
    headers: { ...JSON_TYPE, ...named(prometheusUrl) },
    body: promDetectBody(expr),
  });

describe('a Prometheus URL appears in a response only when the client named it', () => {
  it('the executed query and the status name the default without its URL', async () => {
    const anonymous = await detect();
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.meta.executed_query).toMatch(/^up \[step 60s, .*\] on the default Prometheus/);
    expect(anonymous.text).not.toContain(prom.url);
    expect((await info()).body.prometheus.message).toBe(`${DEFAULT} answers (version 2.53.0)`);

    const own = await detect(prom.url);
    expect(own.body.meta.executed_query).toMatch(new RegExp(` on Prometheus at ${prom.url}$`));
    expect((await info(prom.url)).body.prometheus.message).toBe(
      `Prometheus at ${prom.url} answers (version 2.53.0)`,
    );
  });

  it('a dead Prometheus is named by URL only when the client named it', async () => {
    const own = await detect(deadUrl);
    expect(own.status).toBe(502);
    expect(own.body.detail).toBe(`Prometheus at ${deadUrl} did not answer (ECONNREFUSED)`);
    expect((await info(deadUrl)).body.prometheus).toEqual({
      configured: true,
      ok: false,
      message: `Prometheus at ${deadUrl} did not answer (ECONNREFUSED)`,
    });
  });

  it('a PromQL monitor whose default Prometheus went down says so without its URL', async () => {
    const created = await svc.post('/v1/monitors', { expr: 'up', name: 'up' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    await prom.close();
    const checked = await svc.post('/v1/monitors/check', {});
    expect(checked.status).toBe(200);
    const monitor = await svc.get(`/v1/monitors/${id}`);
    expect(monitor.body.status).toBe('degraded');
    expect(monitor.body.reason).toMatch(
      /^source failed: the default Prometheus \(LF_PROMETHEUS_URL\) did not answer/,
    );
    const listed = await svc.get('/v1/monitors?kind=promql');
    expect(JSON.stringify(listed.body)).not.toContain(prom.url);
    expect(JSON.stringify(listed.body)).toContain(DEFAULT);

    // Creating one now is refused the same way, and nothing is stored.
    const refused = await svc.post('/v1/monitors', { expr: 'up' });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(DEFAULT_GONE);
    expect((await svc.get('/v1/monitors?kind=promql')).body.data).toHaveLength(1);
  });

  it('detect and info against the dead default do not name it', async () => {
    const res = await detect();
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(DEFAULT_GONE);
    const status = await info();
    expect(status.body.prometheus).toMatchObject({ configured: true, ok: false });
    expect(status.body.prometheus.message).toMatch(DEFAULT_GONE);
    for (const text of [res.text, status.text]) expect(text).not.toContain(prom.url);
  });
});

describe('an answer larger than LF_PROMETHEUS_MAX_MB', () => {
  const tooLarge = (url: string): string =>
    `Prometheus at ${url} answered with more than 1 MiB, the cap per query (LF_PROMETHEUS_MAX_MB): ${NARROW}`;

  it('that streams without end is cut off: the request is aborted and the client gets a 413', async () => {
    const res = await detect(flood.url, 'everything');
    expect(res.status).toBe(413);
    expect(res.body.detail).toBe(tooLarge(flood.url));
    expect(floodClosed).toHaveLength(1);
    await floodClosed[0]; // the backend hung up; otherwise this never settles and the test times out
  });

  it('that announces its size is refused the same way', async () => {
    const res = await detect(flood.url, 'announced');
    expect(res.status).toBe(413);
    expect(res.body.detail).toBe(tooLarge(flood.url));
  });

  it('leaves the service answering: the next requests succeed', async () => {
    const health = await rawRequest(svc.url, 'GET', '/health');
    expect(health.status).toBe(200);
    const again = await detect(flood.url, 'everything');
    expect(again.status).toBe(413);
    const status = await info(flood.url);
    expect(status.status).toBe(200);
    expect(status.body.prometheus.ok).toBe(false);
    expect(svc.process.exitCode).toBeNull();
  });
});
