import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { apiKeyFromEnv } from './http/apiKey';
import { sweepWhileClosing, trackConnections } from './http/connections';
import { InFlight } from './http/inFlight';
import { createApp } from './app';
import type { Config } from './config';
import { ModelStore } from './models/modelStore';
import { Notifier } from './notify/notifier';
import { AnomalyService } from './anomaly/service';
import { IngestService } from './monitors/ingest';
import { CheckScheduler } from './monitors/scheduler';
import { MonitorService } from './monitors/service';
import { PrometheusPolicy, prometheusAllowList } from './sources/prometheusPolicy';
import { StreamService } from './stream/service';
import { RETENTION_MS } from './store/eventRecord';
import { SqliteMonitorStore } from './store/sqlite/sqliteStore';
import { FitRunner } from './training/fitRunner';
import { WorkerPools } from './workerPools';

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
  /**
   * Graceful shutdown: refuses new requests (503), lets in-flight ones finish within `graceMs`,
   * answers those still running at the deadline with 503 + Retry-After. Resolves with how many were cut off.
   */
  shutdown(graceMs: number): Promise<{ cutOff: number }>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = new ModelStore(config.dataDir);
  await store.init();
  const runner = new FitRunner(config.fitConcurrency);
  const service = new AnomalyService(store, runner, log, {
    dataDir: config.dataDir,
    cacheLimitBytes: config.modelCacheBytes,
    limits: { maxFitCells: config.maxFitCells, maxScoreCells: config.maxScoreCells },
  });
  await service.init();
  const inFlight = new InFlight();
  // Kept for retention + lateness, so nothing ingest accepts is already due for pruning.
  const monitorStore = new SqliteMonitorStore(path.join(config.dataDir, 'monitors.db'), {
    retentionMs: RETENTION_MS + config.eventLatenessMs,
    synchronous: config.dbSynchronous,
  });
  const prune = (): void => {
    monitorStore.prune(Date.now()).then(
      (rows) => log.debug({ rows }, 'pruned monitors.db'),
      (err: unknown) => log.error({ err }, 'pruning monitors.db failed'),
    );
  };
  prune();
  const notifier = new Notifier({ store: monitorStore, config: config.notify, log });
  notifier.start();
  const pruneTimer = setInterval(prune, 3_600_000).unref();
  const monitors = new MonitorService(monitorStore, {
    intervalMs: config.checkIntervalMs,
    prometheus: new PrometheusPolicy(
      prometheusAllowList(config.prometheusUrls),
      config.prometheusMaxResponseBytes,
    ),
    notify: (events) => notifier.notify(events),
    changed: (anomaly) => {
      notifier
        .anomalyChanged(anomaly)
        .catch((err: unknown) => log.error({ err }, 'notifying a change failed'));
    },
    notifications: notifier,
  });
  await monitors.init();
  const scheduler = new CheckScheduler(config.checkIntervalMs, async (now) => {
    await monitors.check(now).then(
      (s) => log.info({ evaluated: s.evaluated, events: s.events.length }, 'monitors checked'),
      (err: unknown) => log.error({ err }, 'monitor check failed'),
    );
  });
  scheduler.start(monitors.pipeline.lastCheck);
  const workers = new WorkerPools(config);
  const streams = new StreamService(
    config.dataDir,
    { train: workers.streamTrainer, score: workers.streamScorer },
    log,
  );
  await streams.init();
  const app = createApp({
    service,
    anomalyOffload: workers.anomalyOffload,
    timeseriesGateway: workers.timeseriesGateway,
    workerStats: () => workers.stats(),
    apiKey: apiKeyFromEnv(),
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    inlineJsonBytes: config.inlineJsonBytes,
    hostPolicy: config.hostPolicy,
    startedAt: Date.now(),
    inFlight,
    ingest: new IngestService(monitorStore, {
      latenessMs: config.eventLatenessMs,
      onCommitted: (events, result) => monitors.ingested(events, result),
    }),
    monitors,
    metrics: {
      sources: {
        snapshots: () => monitors.snapshots(),
        health: () => monitors.health(),
        notifications: () => notifier.stats(),
      },
      access: config.metricsAccess,
      maxSeries: config.metricsMaxSeries,
    },
    streams,
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
        const stopSweeping = sweepWhileClosing(connections, config.requestTimeoutMs);
        server.close(() => {
          stopSweeping();
          resolve();
        });
        server.closeIdleConnections();
      })
        .then(() => scheduler.stop())
        .then(() => workers.close())
        .finally(async () => {
          clearInterval(pruneTimer);
          await notifier.stop();
          return monitorStore.close();
        }),
    shutdown: async (graceMs) => {
      const stopSweeping = sweepWhileClosing(connections, config.requestTimeoutMs);
      server.close(stopSweeping);
      server.closeIdleConnections();
      const drained = await inFlight.drain(graceMs);
      stopSweeping();
      await service.flush();
      await scheduler.stop();
      await streams.flush();
      await workers.close();
      clearInterval(pruneTimer);
      await notifier.stop();
      await monitorStore.close();
      return drained;
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
