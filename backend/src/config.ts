import os from 'node:os';
import path from 'node:path';
import { hostPolicy, type HostPolicy } from './http/allowedHosts';
import { DEFAULT_ALERTMANAGER_INTERVAL_MS, DEFAULT_DELIVERY, type NotifyConfig } from './notify/config';
import { apiKeyFromEnv } from './http/apiKey';
import { parseMetricsAccess, type MetricsAccess } from './http/metricsAccess';
import { DEFAULT_MAX_SERIES } from './metrics/seriesSelection';
import { DEFAULT_MAX_RESPONSE_BYTES, parsePrometheusAllowList } from './sources/prometheusPolicy';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Largest accepted request body, in bytes (default fits 200k rows of 16 features). */
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  readonly fitConcurrency: number;
  /** Worker threads for scoring and parsing large bodies (the time-series API has one of its own). */
  readonly workers: number;
  /** Tasks that may wait for a worker before requests are refused with 503 + Retry-After. */
  readonly queueLimit: number;
  /** Bodies up to this size are parsed on the event loop; larger ones in a worker. */
  readonly inlineJsonBytes: number;
  readonly maxFitCells: number;
  readonly maxScoreCells: number;
  readonly maxSeriesPoints: number;
  /** Bound of the in-memory model cache, in bytes (`LF_MODEL_CACHE_MB`). */
  readonly modelCacheBytes: number;
  /** How long in-flight requests may run after SIGTERM/SIGINT before they are answered 503. */
  readonly shutdownGraceMs: number;
  /** How late an event may arrive and still land before its bucket is evaluated (LF_EVENT_LATENESS). */
  readonly eventLatenessMs: number;
  /** SQLite `synchronous` for monitors.db: `normal` survives process crashes, `full` power loss too. */
  readonly dbSynchronous: 'normal' | 'full';
  /** How often monitors are checked (LF_CHECK_INTERVAL, default 5m; 0 = only on request). */
  readonly checkIntervalMs: number;
  /** Prometheus servers PromQL sources may query, normalised; the first is the default. */
  readonly prometheusUrls: readonly string[];
  /** Largest Prometheus answer read per query, in bytes (LF_PROMETHEUS_MAX_MB). */
  readonly prometheusMaxResponseBytes: number;
  /** Host names the service answers to and browser origins it accepts. */
  readonly hostPolicy: HostPolicy;
  /** Time a client has to send the request headers (slow-header clients are cut off). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included (0: no limit); not the response. */
  readonly requestTimeoutMs: number;
  /** Open connections at once; more are refused. */
  readonly maxConnections: number;
  /** Webhook, Alertmanager and Grafana notifications. Holds secrets: never log or return it. */
  readonly notify: NotifyConfig;
  /** Who may read /metrics without the API key (LF_METRICS_AUTH). */
  readonly metricsAccess: MetricsAccess;
  /** Monitored series /metrics exposes with their own labels; more are counted, not exposed. */
  readonly metricsMaxSeries: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `900s`, `1h`, `250ms`, or a bare number of seconds. */
export function duration(value: string | undefined, fallbackMs: number, name: string): number {
  if (value === undefined || value === '') return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new Error(`${name} must be a duration such as 15m, 900s or 1h, got '${value}'`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']);
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

function nonNegative(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got '${value}'`);
  return n;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  const n = integer(value, fallback, name);
  if (n < 1) throw new Error(`${name} must be at least 1, got '${value}'`);
  return n;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const headersTimeoutMs = positive(env.LF_HEADERS_TIMEOUT_MS, 10_000, 'LF_HEADERS_TIMEOUT_MS');
  const requestTimeoutMs = integer(env.LF_REQUEST_TIMEOUT_MS, 120_000, 'LF_REQUEST_TIMEOUT_MS');
  if (requestTimeoutMs > 0 && requestTimeoutMs < headersTimeoutMs) {
    throw new Error(
      `LF_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must not be below LF_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`,
    );
  }
  return {
    host,
    port: integer(env.PORT, 11540, 'PORT'),
    dataDir: path.resolve(env.LF_DATA_DIR || path.join(os.homedir(), '.anomaly-lens')),
    bodyLimitBytes: integer(env.LF_BODY_LIMIT_MB, 256, 'LF_BODY_LIMIT_MB') * 1024 * 1024,
    logLevel: env.LOG_LEVEL || 'info',
    fitConcurrency: Math.max(
      1,
      integer(env.LF_FIT_CONCURRENCY, Math.max(1, os.cpus().length - 1), 'LF_FIT_CONCURRENCY'),
    ),
    workers: Math.max(1, integer(env.LF_WORKERS, Math.max(1, os.cpus().length - 1), 'LF_WORKERS')),
    queueLimit: integer(env.LF_QUEUE_LIMIT, 32, 'LF_QUEUE_LIMIT'),
    inlineJsonBytes: integer(env.LF_INLINE_JSON_KB, 1024, 'LF_INLINE_JSON_KB') * 1024,
    maxFitCells: Math.max(1, integer(env.LF_MAX_FIT_CELLS, 3_200_000, 'LF_MAX_FIT_CELLS')),
    maxScoreCells: Math.max(1, integer(env.LF_MAX_SCORE_CELLS, 3_200_000, 'LF_MAX_SCORE_CELLS')),
    maxSeriesPoints: Math.max(1, integer(env.LF_MAX_SERIES_POINTS, 2_500_000, 'LF_MAX_SERIES_POINTS')),
    modelCacheBytes: Math.round(nonNegative(env.LF_MODEL_CACHE_MB, 512, 'LF_MODEL_CACHE_MB') * 1024 * 1024),
    shutdownGraceMs: integer(env.LF_SHUTDOWN_GRACE_MS, 30_000, 'LF_SHUTDOWN_GRACE_MS'),
    eventLatenessMs: duration(env.LF_EVENT_LATENESS, 15 * 60_000, 'LF_EVENT_LATENESS'),
    dbSynchronous: synchronous(env.LF_DB_SYNC),
    checkIntervalMs: checkInterval(env.LF_CHECK_INTERVAL),
    prometheusUrls: parsePrometheusAllowList(env.LF_PROMETHEUS_URL),
    prometheusMaxResponseBytes: prometheusMaxResponseBytes(env.LF_PROMETHEUS_MAX_MB),
    hostPolicy: hostPolicy(host, list(env.LF_ALLOWED_HOSTS), list(env.LF_ALLOWED_ORIGINS)),
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections: positive(env.LF_MAX_CONNECTIONS, 256, 'LF_MAX_CONNECTIONS'),
    notify: notifyConfig(env),
    metricsAccess: parseMetricsAccess(env.LF_METRICS_AUTH, apiKeyFromEnv(env)),
    metricsMaxSeries: positive(env.LF_METRICS_MAX_SERIES, DEFAULT_MAX_SERIES, 'LF_METRICS_MAX_SERIES'),
  };
}

function notifyConfig(env: NodeJS.ProcessEnv): NotifyConfig {
  const webhookUrl = httpUrl(env.LF_WEBHOOK_URL, 'LF_WEBHOOK_URL');
  const alertmanagerUrl = httpUrl(env.LF_ALERTMANAGER_URL, 'LF_ALERTMANAGER_URL');
  const grafanaUrl = httpUrl(env.LF_GRAFANA_URL, 'LF_GRAFANA_URL');
  if (Boolean(grafanaUrl) !== Boolean(env.LF_GRAFANA_TOKEN))
    throw new Error('LF_GRAFANA_URL and LF_GRAFANA_TOKEN must be set together');
  const format = (env.LF_WEBHOOK_FORMAT || 'json').toLowerCase();
  if (format !== 'json' && format !== 'slack')
    throw new Error(`LF_WEBHOOK_FORMAT must be 'json' or 'slack', got '${env.LF_WEBHOOK_FORMAT}'`);
  const resolved = (env.LF_WEBHOOK_RESOLVED || 'false').toLowerCase();
  if (resolved !== 'true' && resolved !== 'false')
    throw new Error(`LF_WEBHOOK_RESOLVED must be 'true' or 'false', got '${env.LF_WEBHOOK_RESOLVED}'`);
  const d = DEFAULT_DELIVERY;
  return {
    webhook: webhookUrl
      ? {
          url: webhookUrl,
          secret: env.LF_WEBHOOK_SECRET || null,
          format,
          notifyResolved: resolved === 'true',
        }
      : null,
    alertmanager: alertmanagerUrl
      ? {
          url: alertmanagerUrl,
          intervalMs: Math.max(
            1_000,
            duration(
              env.LF_ALERTMANAGER_INTERVAL,
              DEFAULT_ALERTMANAGER_INTERVAL_MS,
              'LF_ALERTMANAGER_INTERVAL',
            ),
          ),
        }
      : null,
    grafana: grafanaUrl && env.LF_GRAFANA_TOKEN ? { url: grafanaUrl, token: env.LF_GRAFANA_TOKEN } : null,
    dashboardUrl: httpUrl(env.LF_DASHBOARD_URL, 'LF_DASHBOARD_URL'),
    delivery: {
      ...d,
      maxAttempts: positive(env.LF_NOTIFY_MAX_ATTEMPTS, d.maxAttempts, 'LF_NOTIFY_MAX_ATTEMPTS'),
      backoffBaseMs: duration(env.LF_NOTIFY_BACKOFF, d.backoffBaseMs, 'LF_NOTIFY_BACKOFF'),
      backoffMaxMs: duration(env.LF_NOTIFY_BACKOFF_MAX, d.backoffMaxMs, 'LF_NOTIFY_BACKOFF_MAX'),
    },
  };
}

/** An http(s) URL, or null when unset. The value is not echoed: it may carry credentials. */
function httpUrl(value: string | undefined, name: string): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be an http:// or https:// URL`);
  return value;
}

/** `LF_PROMETHEUS_MAX_MB` (MiB, decimals allowed, above 0) in bytes. */
function prometheusMaxResponseBytes(value: string | undefined): number {
  const mib = nonNegative(value, DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024, 'LF_PROMETHEUS_MAX_MB');
  const bytes = Math.round(mib * 1024 * 1024);
  if (bytes < 1) throw new Error(`LF_PROMETHEUS_MAX_MB must be above 0, got '${value}'`);
  return bytes;
}

function synchronous(value: string | undefined): 'normal' | 'full' {
  const v = (value || 'normal').toLowerCase();
  if (v !== 'normal' && v !== 'full')
    throw new Error(`LF_DB_SYNC must be 'normal' or 'full', got '${value}'`);
  return v;
}

/** `5m` by default; `0` or `off` runs checks only on request (POST /v1/monitors/check). */
function checkInterval(value: string | undefined): number {
  if (value !== undefined && ['0', 'off'].includes(value.trim().toLowerCase())) return 0;
  const ms = duration(value, 300_000, 'LF_CHECK_INTERVAL');
  if (ms < 10_000) throw new Error(`LF_CHECK_INTERVAL must be at least 10s (or 0/off), got '${value}'`);
  return ms;
}
