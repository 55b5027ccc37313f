import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { inlineOffload, type AnomalyOffload } from './anomaly/offload';
import { anomalyRouter } from './anomaly/router';
import { requireApiKey } from './http/apiKey';
import { errorHandler } from './http/errorHandler';
import type { InFlight } from './http/inFlight';
import { jsonBody } from './http/jsonBody';
import type { IngestService } from './monitors/ingest';
import { eventsRouter } from './monitors/router';
import { inlineGateway, type TimeseriesGateway } from './timeseries/offload';
import { timeseriesRouter } from './timeseries/router';
import type { AnomalyService } from './anomaly/service';
import type { TimeseriesService } from './timeseries/service';
import { VERSION } from './core/version';
import type { Health } from './contract/anomaly';

export interface AppDeps {
  readonly service: AnomalyService;
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  /** Bodies up to this size are parsed on the event loop; larger ones only in workers. */
  readonly inlineJsonBytes?: number;
  readonly startedAt: number;
  /** The time-series endpoint (Grafana plugin); mounted at /v1/timeseries when given. */
  readonly timeseries?: TimeseriesService;
  /** Worker threads for heavy anomaly work and the time-series API; inline (same thread) when absent. */
  readonly anomalyOffload?: AnomalyOffload;
  readonly timeseriesGateway?: TimeseriesGateway;
  /** Worker pool statistics for /health. */
  readonly workerStats?: () => Record<string, { threads: number; queued: number; utilization: number }>;
  /** When set, every /v1 request must carry this key (X-Api-Key or Bearer); /health stays open. */
  readonly apiKey?: string;
  /** Tracks in-flight requests for a graceful shutdown (503 once draining). */
  readonly inFlight?: InFlight;
  /** Baseline monitoring's event ingest; mounted at /v1/events when given. */
  readonly ingest?: IngestService;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.inFlight) app.use(deps.inFlight.middleware());
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () =>
      deps.log.debug(
        {
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          ms: +(performance.now() - started).toFixed(1),
        },
        'request',
      ),
    );
    next();
  });
  app.use(jsonBody(deps.bodyLimitBytes, deps.inlineJsonBytes ?? 1024 * 1024));

  app.get('/health', async (_req, res) => {
    const cache = deps.service.cacheStats();
    const health: Health = {
      status: 'healthy',
      version: VERSION,
      uptime_seconds: (Date.now() - deps.startedAt) / 1000,
      models: {
        in_memory: cache.entries,
        on_disk: await deps.service.diskModelCount(),
        cache_bytes: cache.bytes,
        cache_limit_bytes: cache.limitBytes,
        evictions: cache.evictions,
      },
      ...(deps.workerStats ? { workers: deps.workerStats() } : {}),
    };
    res.json(health);
  });
  app.use('/v1', requireApiKey(deps.apiKey));
  const gateway = deps.timeseriesGateway ?? (deps.timeseries ? inlineGateway(deps.timeseries) : undefined);
  if (gateway) app.use('/v1/timeseries', timeseriesRouter(gateway));
  if (deps.ingest) app.use('/v1/events', eventsRouter(deps.ingest));
  const offload = deps.anomalyOffload ?? inlineOffload(deps.service);
  app.use('/v1/anomaly', anomalyRouter(deps.service, offload, false));
  app.use('/v1/ml/anomaly', anomalyRouter(deps.service, offload, true));
  app.use((req, res) => {
    res.status(404).json({ detail: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}
