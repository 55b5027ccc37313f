import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { inlineOffload, type AnomalyOffload } from './anomaly/offload';
import { anomalyRouter } from './anomaly/router';
import { LOOPBACK_HOSTS, requireAllowedHost, type HostPolicy } from './http/allowedHosts';
import { requireApiKey } from './http/apiKey';
import { errorHandler } from './http/errorHandler';
import { requireMetricsAccess, type MetricsAccess } from './http/metricsAccess';
import { MetricsExposition } from './metrics/exposition';
import { metricsRouter } from './metrics/router';
import type { MetricsSources } from './metrics/sources';
import type { InFlight } from './http/inFlight';
import { jsonBody } from './http/jsonBody';
import type { StreamService } from './stream/service';
import { streamRouter } from './stream/router';
import type { IngestService } from './monitors/ingest';
import { anomaliesRouter, eventsRouter, monitorsRouter, notificationsRouter } from './monitors/router';
import type { MonitorService } from './monitors/service';
import { securityHeaders } from './http/securityHeaders';
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
  /** Baseline monitors and their anomalies; mounted at /v1/monitors and /v1/anomalies when given. */
  readonly monitors?: MonitorService;
  /** Prometheus exposition at /metrics when given. */
  readonly metrics?: { sources: MetricsSources; access: MetricsAccess; maxSeries: number };
  /** Host names served and browser origins accepted; default: loopback names on any port. */
  readonly hostPolicy?: HostPolicy;
  /** Streaming detection; mounted at /v1/anomaly/stream and /v1/ml/anomaly/stream when given. */
  readonly streams?: StreamService;
}

const LOOPBACK_ONLY: HostPolicy = { hosts: LOOPBACK_HOSTS, originHosts: LOOPBACK_HOSTS, origins: [] };

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
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
  // Guards before any work: Host/Origin (DNS rebinding, cross-site), the API key, then the body
  // (announced size, JSON Content-Type, size while reading).
  app.use(requireAllowedHost(deps.hostPolicy ?? LOOPBACK_ONLY));
  app.use('/v1', requireApiKey(deps.apiKey));
  app.use(jsonBody(deps.bodyLimitBytes, deps.inlineJsonBytes ?? 1024 * 1024));

  // `/v1/ml/health` too: LlamaFarm's server answers there with its runtime's health, and its own
  // walkthrough (scripts/test_anomaly_api.sh) checks it; like every /v1 route it needs the API key.
  app.get(['/health', '/v1/ml/health'], async (_req, res) => {
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
  const gateway = deps.timeseriesGateway ?? (deps.timeseries ? inlineGateway(deps.timeseries) : undefined);
  if (gateway) app.use('/v1/timeseries', timeseriesRouter(gateway));
  if (deps.ingest) app.use('/v1/events', eventsRouter(deps.ingest));
  if (deps.monitors) {
    app.use('/v1/monitors', monitorsRouter(deps.monitors));
    app.use('/v1/anomalies', anomaliesRouter(deps.monitors));
    app.use('/v1/notifications', notificationsRouter(deps.monitors));
  }
  const offload = deps.anomalyOffload ?? inlineOffload(deps.service);
  if (deps.streams) {
    app.use('/v1/anomaly', streamRouter(deps.streams));
    app.use('/v1/ml/anomaly', streamRouter(deps.streams));
  }
  app.use('/v1/anomaly', anomalyRouter(deps.service, offload, false));
  app.use('/v1/ml/anomaly', anomalyRouter(deps.service, offload, true));
  if (deps.metrics)
    app.use(
      '/metrics',
      metricsRouter(
        new MetricsExposition(deps.metrics.sources, { maxSeries: deps.metrics.maxSeries }),
        requireMetricsAccess(deps.metrics.access, deps.apiKey),
      ),
    );
  app.use((req, res) => {
    res.status(404).json({ detail: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.log));
  return app;
}
