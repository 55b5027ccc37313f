import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** Decides the answer to the n-th request (0-based); `hang` never answers (a receiver that stalls). */
export type Responder = (req: RecordedRequest, n: number) => Answer | 'hang';

export interface Recorder {
  readonly url: string;
  readonly requests: RecordedRequest[];
  respond: Responder;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a loopback port that records every request (method, path, headers, body)
 * and answers as `respond` says; stands in for webhook receivers and Grafana's HTTP API in tests.
 */
export async function startRecorder(respond: Responder = () => ({ status: 200 })): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const recorder = { requests, respond } as Recorder;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = recorder.respond(recorded, requests.length - 1);
      if (answer === 'hang') return;
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(recorder, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
