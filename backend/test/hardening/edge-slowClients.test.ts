/**
 * Hardening, finding 3: slow clients. Headers and the request body have deadlines, connections are
 * capped, and an announced body above the limit is refused before it is sent. Black-box: the
 * compiled service as a process, misbehaving clients on raw TCP sockets.
 */
import { startService, type RunningService } from '../helpers/service';
import {
  fakePrometheus,
  JSON_TYPE,
  promDetectBody,
  rawRequest,
  rawSocket,
  sleep,
  type CountingServer,
} from './edgeHelpers';

const HEADERS_TIMEOUT_MS = 1500;
const REQUEST_TIMEOUT_MS = 3000;

let svc: RunningService;
let slowProm: CountingServer;

beforeAll(async () => {
  slowProm = await fakePrometheus({ delayMs: REQUEST_TIMEOUT_MS + 1500 });
  svc = await startService({
    env: {
      LF_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      LF_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      LF_MAX_CONNECTIONS: '4',
      LF_BODY_LIMIT_MB: '1',
      LF_PROMETHEUS_URL: slowProm.url,
    },
  });
});
afterAll(async () => {
  await svc?.stop();
  await slowProm?.close();
}, 20_000);

/** Writes `text` one byte per `everyMs` until the connection closes (or the text runs out). */
async function dribble(socket: import('node:net').Socket, text: string, everyMs: number): Promise<void> {
  for (const ch of text) {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(ch);
    await sleep(everyMs);
  }
}

describe('slow clients', () => {
  it('a slowloris client sending a header byte per second is cut off after LF_HEADERS_TIMEOUT_MS', async () => {
    const conn = await rawSocket(svc.url);
    conn.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    void dribble(conn.socket, `X-Padding: ${'a'.repeat(60)}\r\n`, 1000);
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(closedAfter).toBeLessThan(HEADERS_TIMEOUT_MS + 3000);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a body dribbled a byte at a time is cut off after LF_REQUEST_TIMEOUT_MS', async () => {
    const conn = await rawSocket(svc.url);
    const body = JSON.stringify({ model: 'slow', data: [[1], [2], [3], [4], [5], [6], [7], [8], [9]] });
    conn.socket.write(
      `POST /v1/anomaly/fit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    void dribble(conn.socket, body, 500);
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfter).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('the request timeout covers receiving the request, not a slow answer', async () => {
    // The request arrives at once; the answer waits on a Prometheus that takes longer than
    // LF_REQUEST_TIMEOUT_MS. A long synchronous fit is the same case: the body has been received.
    const started = Date.now();
    const res = await rawRequest(svc.url, 'POST', '/v1/timeseries/detect', {
      headers: JSON_TYPE,
      body: promDetectBody(),
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS);
  });

  it('a Content-Length above the body limit is a 413 at once, without sending the body', async () => {
    const conn = await rawSocket(svc.url);
    conn.socket.write(
      `POST /v1/anomaly/fit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${
        2 * 1024 * 1024
      }\r\n\r\n{"data": [`,
    );
    const started = Date.now();
    while (!conn.received().includes('\r\n\r\n') && Date.now() - started < 5000) await sleep(20);
    expect(Date.now() - started).toBeLessThan(1000);
    const [head, body] = conn.received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body)).toEqual({
      detail:
        'request body too large: 2097152 bytes is above the limit of 1 MB (LF_BODY_LIMIT_MB): send fewer rows per request or raise LF_BODY_LIMIT_MB',
    });
    // …and the service hangs up rather than waiting for the 2 MB.
    expect(await conn.closed).toBeLessThan(2000);
  });

  it('a body without a length that grows past the limit is a 413 naming the limit', async () => {
    const res = await rawRequest(svc.url, 'POST', '/v1/anomaly/fit', {
      headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
      body: `{"data": [${'[1],'.repeat(300_000)}[1]]}`,
    }).catch((error: Error) => error.message);
    // The service may close the connection while the client is still sending.
    if (typeof res === 'string') expect(res).toMatch(/EPIPE|ECONNRESET|socket hang up/);
    else {
      expect(res.status).toBe(413);
      expect(res.body.detail).toMatch(/limit of 1 MB \(LF_BODY_LIMIT_MB\)/);
    }
  });

  it('connections beyond LF_MAX_CONNECTIONS are refused; the service serves again once they go', async () => {
    const hogs = await Promise.all([1, 2, 3, 4].map(() => rawSocket(svc.url)));
    try {
      await sleep(200);
      const refused = await rawRequest(svc.url, 'GET', '/health').then(
        (res) => `answered ${res.status}`,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/ECONNRESET|socket hang up/);
    } finally {
      hogs.forEach((h) => h.socket.destroy());
    }
    await sleep(200);
    expect((await rawRequest(svc.url, 'GET', '/health')).status).toBe(200);
  });

  it('a slow client does not hold up a graceful shutdown', async () => {
    const other = await startService();
    const slow = await rawSocket(other.url);
    slow.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ');
    await sleep(200);
    const started = Date.now();
    expect(await other.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    await slow.closed;
  });

  it('…while a request in flight still gets its answer', async () => {
    const other = await startService({ env: { LF_PROMETHEUS_URL: slowProm.url } });
    const answer = rawRequest(other.url, 'POST', '/v1/timeseries/detect', {
      headers: JSON_TYPE,
      body: promDetectBody(),
    });
    await sleep(300);
    const stopped = other.stop();
    expect((await answer).status).toBe(200);
    expect(await stopped).toBe(0);
  }, 15_000);
});
