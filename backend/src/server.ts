import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { apiKeyFromEnv } from './http/apiKey';
import { createApp } from './app';
import type { Config } from './config';
import { ModelStore } from './models/modelStore';
import { AnomalyService } from './anomaly/service';
import { FitRunner } from './training/fitRunner';
import { TimeseriesService } from './timeseries/service';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = new ModelStore(config.dataDir);
  await store.init();
  const runner = new FitRunner(config.fitConcurrency);
  const service = new AnomalyService(store, runner, log);
  const timeseries = new TimeseriesService({
    runner,
    store,
    log,
    prometheusUrls: config.prometheusUrls,
  });
  const app = createApp({
    service,
    timeseries,
    apiKey: apiKeyFromEnv(),
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    hostPolicy: config.hostPolicy,
    startedAt: Date.now(),
  });
  const server = createServer(
    {
      // Slow clients: headers must arrive within headersTimeout and the whole request (body
      // included) within requestTimeout, or Node answers 408 and closes the connection. Both
      // cover *receiving* the request only: a long synchronous fit (the response) is not cut off.
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // How often those deadlines are checked (Node's default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    app,
  );
  server.maxConnections = config.maxConnections;
  const connections = trackConnections(server);
  await listen(server, config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log.info({ url, dataDir: config.dataDir, modelsDir: store.dir }, 'anomaly service listening');
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
        // Node stops enforcing the header and request deadlines once the server closes, so a slow
        // client could hold the shutdown open: drop connections that have not delivered a request
        // (half-sent headers), and requests whose body is still arriving after the request timeout.
        const closingAt = Date.now();
        const sweep = setInterval(() => connections.sweep(closingAt, config.requestTimeoutMs), 250);
        connections.sweep(closingAt, config.requestTimeoutMs);
      }),
  };
}

/** Open connections and the request each is serving, for a shutdown that slow clients cannot stall. */
function trackConnections(server: Server): { sweep(closingAt: number, requestTimeoutMs: number): void } {
  const sockets = new Set<Socket>();
  const serving = new Map<Socket, IncomingMessage>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      serving.delete(socket);
    });
  });
  server.on('request', (req: IncomingMessage, res) => {
    serving.set(req.socket, req);
    res.once('close', () => serving.delete(req.socket));
  });
  return {
    sweep(closingAt, requestTimeoutMs) {
      const bodyOverdue = requestTimeoutMs > 0 && Date.now() - closingAt > requestTimeoutMs;
      for (const socket of sockets) {
        const req = serving.get(socket);
        if (!req || (bodyOverdue && !req.complete)) socket.destroy();
      }
    },
  };
}

/** Resolves once listening; a port in use (or any listen error) rejects with a clear message. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${where} is already in use: stop the other process or set PORT (PORT=0 picks a free one)`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new Error(`no permission to listen on ${where}: choose a PORT above 1023`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new Error(`HOST ${host} is not an address of this machine`));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
