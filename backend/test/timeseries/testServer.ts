import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FieldIssue } from '../../src/core/errors';
import { createApp } from '../../src/app';
import { ModelStore } from '../../src/models/modelStore';
import { AnomalyService } from '../../src/anomaly/service';
import { FitRunner } from '../../src/training/fitRunner';
import type { Detection } from '../../src/contract/timeseries';
import type { StreamingCatalog } from '../../src/timeseries/methods/streamingCatalog';
import { TimeseriesService } from '../../src/timeseries/service';

export interface TestServer {
  readonly url: string;
  post(
    route: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json }>;
  get(route: string, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  close(): Promise<void>;
}

/** A response body: a detection, an error (`detail`), or another listing (read via the index). */
export type Json = Partial<DetectResponse> & { detail?: string | FieldIssue[]; [key: string]: unknown };

/** The detection body, as the contract defines it for every client. */
export type DetectResponse = Detection;

/** The `detail` of an error as one string, whatever its shape. */
export const detailText = (body: Json): string =>
  typeof body.detail === 'string'
    ? body.detail
    : (body.detail ?? []).map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ');

/** The real app on an ephemeral port with a throw-away data dir. */
export async function startTestServer(
  options: { apiKey?: string; streaming?: StreamingCatalog; prometheusUrls?: string[] } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-ts-test-'));
  const log = pino({ level: 'silent' });
  const store = new ModelStore(dataDir);
  await store.init();
  const runner = new FitRunner(1);
  const service = new AnomalyService(store, runner, log, { dataDir, cacheLimitBytes: 512 * 1024 * 1024 });
  await service.init();
  const app = createApp({
    service,
    timeseries: new TimeseriesService({
      runner,
      store,
      log,
      streaming: options.streaming,
      prometheusUrls: options.prometheusUrls,
    }),
    apiKey: options.apiKey,
    log,
    bodyLimitBytes: 64 * 1024 * 1024,
    startedAt: Date.now(),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, route: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url + route, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  return {
    url,
    post: (route, body, headers) => call('POST', route, body, headers),
    get: (route, headers) => call('GET', route, undefined, headers),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
