import type { Server } from 'node:http';
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
    defaultPrometheusUrl: process.env.LF_PROMETHEUS_URL,
  });
  const app = createApp({
    service,
    timeseries,
    apiKey: apiKeyFromEnv(),
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    startedAt: Date.now(),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  server.requestTimeout = 0; // long fits are legitimate; clients choose their own timeouts
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log.info({ url, dataDir: config.dataDir, modelsDir: store.dir }, 'anomaly service listening');
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
