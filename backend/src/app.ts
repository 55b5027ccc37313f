import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { anomalyRouter } from './api/anomalyRouter';
import { requireApiKey } from './api/apiKey';
import { ApiError } from './api/errors';
import { jsonBody } from './api/jsonBody';
import { timeseriesRouter } from './api/timeseriesRouter';
import type { AnomalyService } from './service/anomalyService';
import type { TimeseriesService } from './tsdetect/timeseriesService';
import { VERSION } from './version';

export interface AppDeps {
  readonly service: AnomalyService;
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  readonly startedAt: number;
  /** The time-series endpoint (Grafana plugin); mounted at /v1/timeseries when given. */
  readonly timeseries?: TimeseriesService;
  /** When set, every /v1 request must carry this key (X-Api-Key or Bearer); /health stays open. */
  readonly apiKey?: string;
}

/** Maps every error to `{"detail": ...}`; only our own bugs become a 500, and they are logged. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof ApiError) {
      res.status(error.status).json({ detail: error.detail });
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) {
      res
        .status(413)
        .json({ detail: 'request body too large: send fewer rows per request or raise LF_BODY_LIMIT_MB' });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ detail: (error as Error).message });
      return;
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json({ detail: 'internal error: see the service log' });
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
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
    res.json({
      status: 'healthy',
      version: VERSION,
      uptime_seconds: (Date.now() - deps.startedAt) / 1000,
      models: { in_memory: deps.service.modelsInMemory, on_disk: await deps.service.diskModelCount() },
    });
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
