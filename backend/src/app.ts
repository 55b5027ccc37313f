import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { anomalyRouter } from './anomaly/router';
import { LOOPBACK_HOSTS, requireAllowedHost, type HostPolicy } from './http/allowedHosts';
import { requireApiKey } from './http/apiKey';
import { errorHandler } from './http/errorHandler';
import { jsonBody } from './http/jsonBody';
import { securityHeaders } from './http/securityHeaders';
import { timeseriesRouter } from './timeseries/router';
import type { AnomalyService } from './anomaly/service';
import type { TimeseriesService } from './timeseries/service';
import { VERSION } from './core/version';

export interface AppDeps {
  readonly service: AnomalyService;
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  readonly startedAt: number;
  /** The time-series endpoint (Grafana plugin); mounted at /v1/timeseries when given. */
  readonly timeseries?: TimeseriesService;
  /** When set, every /v1 request must carry this key (X-Api-Key or Bearer); /health stays open. */
  readonly apiKey?: string;
  /** Host names served and browser origins accepted; default: loopback names on any port. */
  readonly hostPolicy?: HostPolicy;
}

const LOOPBACK_ONLY: HostPolicy = { hosts: LOOPBACK_HOSTS, originHosts: LOOPBACK_HOSTS, origins: [] };

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
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
  // Guards before any work: Host/Origin (DNS rebinding, cross-site), the API key, then the body
  // (announced size, JSON Content-Type, size while reading).
  app.use(requireAllowedHost(deps.hostPolicy ?? LOOPBACK_ONLY));
  app.use('/v1', requireApiKey(deps.apiKey));
  app.use(jsonBody(deps.bodyLimitBytes));

  app.get('/health', async (_req, res) => {
    res.json({
      status: 'healthy',
      version: VERSION,
      uptime_seconds: (Date.now() - deps.startedAt) / 1000,
      models: { in_memory: deps.service.modelsInMemory, on_disk: await deps.service.diskModelCount() },
    });
  });
  if (deps.timeseries) app.use('/v1/timeseries', timeseriesRouter(deps.timeseries));
  app.use('/v1/anomaly', anomalyRouter(deps.service, false));
  app.use('/v1/ml/anomaly', anomalyRouter(deps.service, true));
  app.use((req, res) => {
    res.status(404).json({ detail: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}
