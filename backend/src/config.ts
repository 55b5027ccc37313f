import os from 'node:os';
import path from 'node:path';
import { hostPolicy, type HostPolicy } from './http/allowedHosts';
import { parsePrometheusAllowList } from './timeseries/input/prometheusPolicy';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Largest accepted request body, in bytes (default fits 200k rows of 16 features). */
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  readonly fitConcurrency: number;
  /** Prometheus servers PromQL sources may query, normalised; the first is the default. */
  readonly prometheusUrls: readonly string[];
  /** Host names the service answers to and browser origins it accepts. */
  readonly hostPolicy: HostPolicy;
  /** Time a client has to send the request headers (slow-header clients are cut off). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included (0: no limit); not the response. */
  readonly requestTimeoutMs: number;
  /** Open connections at once; more are refused. */
  readonly maxConnections: number;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got '${value}'`);
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
    prometheusUrls: parsePrometheusAllowList(env.LF_PROMETHEUS_URL),
    hostPolicy: hostPolicy(host, list(env.LF_ALLOWED_HOSTS), list(env.LF_ALLOWED_ORIGINS)),
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections: positive(env.LF_MAX_CONNECTIONS, 256, 'LF_MAX_CONNECTIONS'),
  };
}
