import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { anomalyRouter } from './anomaly/router';
import { requireApiKey } from './http/apiKey';
import { errorHandler } from './http/errorHandler';
import type { InFlight } from './http/inFlight';
import { jsonBody } from './http/jsonBody';
import { timeseriesRouter } from './timeseries/router';
import type { AnomalyService } from './anomaly/service';
import type { TimeseriesService } from './timeseries/service';
import { VERSION } from './core/version';
import type { Health } from './contract/anomaly';

export interface AppDeps {
  readonly service: AnomalyService;
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  readonly startedAt: number;
  /** The time-series endpoint (Grafana plugin); mounted at /v1/timeseries when given. */
  readonly timeseries?: TimeseriesService;
  /** When set, every /v1 request must carry this key (X-Api-Key or Bearer); /health stays open. */
  readonly apiKey?: string;
  /** Tracks in-flight requests for a graceful shutdown (503 once draining). */
  readonly inFlight?: InFlight;
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
  app.use(jsonBody(deps.bodyLimitBytes));

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
    };
    res.json(health);
  });
  app.use('/v1', requireApiKey(deps.apiKey));
  if (deps.timeseries) app.use('/v1/timeseries', timeseriesRouter(deps.timeseries));
  app.use('/v1/anomaly', anomalyRouter(deps.service, false));
  app.use('/v1/ml/anomaly', anomalyRouter(deps.service, true));
  app.use((req, res) => {
    res.status(404).json({ detail: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}
