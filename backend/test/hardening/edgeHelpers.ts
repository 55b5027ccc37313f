import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * One request on its own connection (no keep-alive pool, `Connection: close`), with headers exactly
 * as given: unlike fetch, node:http lets a test send any Host and Origin.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  route: string,
  options: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<RawResponse> {
  const url = new URL(route, baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && headers['transfer-encoding'] === undefined)
    headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** JSON request headers as a well-behaved client (curl with -H, Grafana's proxy) sends them. */
export const JSON_TYPE = { 'content-type': 'application/json' };

export interface CountingServer {
  readonly url: string;
  readonly port: number;
  /** Every request received, as "METHOD path". */
  readonly requests: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

/** An HTTP server on loopback that records every request it gets (also on [::1] when `ipv6`). */
export async function countingServer(
  handler: Handler,
  options: { ipv6?: boolean } = {},
): Promise<CountingServer> {
  const requests: string[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res, new URL(req.url ?? '/', 'http://x'));
  };
  const servers: Server[] = [http.createServer(onRequest)];
  await new Promise<void>((resolve) => servers[0].listen(0, '127.0.0.1', () => resolve()));
  const port = (servers[0].address() as AddressInfo).port;
  if (options.ipv6) {
    const v6 = http.createServer(onRequest);
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(port, '::1', () => resolve(true));
    });
    if (listening) servers.push(v6);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** A stand-in Prometheus: buildinfo and a query_range answering a sine-ish series (optionally late). */
export function fakePrometheus(options: { delayMs?: number } = {}): Promise<CountingServer> {
  return countingServer((_req, res, url) => {
    if (url.pathname === '/api/v1/status/buildinfo') {
      return json(res, 200, { status: 'success', data: { version: '2.53.0' } });
    }
    if (url.pathname !== '/api/v1/query_range') {
      return json(res, 404, { status: 'error', errorType: 'not_found', error: 'no such path' });
    }
    const start = Number(url.searchParams.get('start'));
    const end = Number(url.searchParams.get('end'));
    const step = Number(url.searchParams.get('step'));
    const values: [number, string][] = [];
    for (let t = start, i = 0; t <= end; t += step, i++) {
      values.push([t, String(10 + Math.sin(i / 10) + (i === 150 ? 30 : 0))]);
    }
    const answer = (): void =>
      json(res, 200, {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'fake' }, values }] },
      });
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
}

/** A detect request over 200 one-minute points, with a PromQL source. */
export function promDetectBody(expr = 'up'): object {
  const t0 = Date.UTC(2024, 0, 1);
  return {
    source: 'edge-test',
    prometheus: { expr, step_ms: 60_000 },
    training: { from: t0, to: t0 + 100 * 60_000 },
    range: { from: t0 + 100 * 60_000, to: t0 + 199 * 60_000 },
    detector: { method: 'ewma' },
  };
}

/** A raw TCP connection to the service, for clients that misbehave on purpose. */
export interface RawSocket {
  readonly socket: net.Socket;
  /** Everything the service sent so far. */
  received(): string;
  /** Resolves with the time (ms since connect) at which the service closed the connection. */
  readonly closed: Promise<number>;
}

export function rawSocket(baseUrl: string): Promise<RawSocket> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let data = '';
    const started = Date.now();
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
