import os from 'node:os';
import path from 'node:path';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Largest accepted request body, in bytes (default fits 200k rows of 16 features). */
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  readonly fitConcurrency: number;
  /** Bound of the in-memory model cache, in bytes (`LF_MODEL_CACHE_MB`). */
  readonly modelCacheBytes: number;
  /** How long in-flight requests may run after SIGTERM/SIGINT before they are answered 503. */
  readonly shutdownGraceMs: number;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env.PORT, 11540, 'PORT'),
    dataDir: path.resolve(env.LF_DATA_DIR || path.join(os.homedir(), '.anomaly-lens')),
    bodyLimitBytes: integer(env.LF_BODY_LIMIT_MB, 256, 'LF_BODY_LIMIT_MB') * 1024 * 1024,
    logLevel: env.LOG_LEVEL || 'info',
    fitConcurrency: Math.max(
      1,
      integer(env.LF_FIT_CONCURRENCY, Math.max(1, os.cpus().length - 1), 'LF_FIT_CONCURRENCY'),
    ),
    modelCacheBytes: Math.round(nonNegative(env.LF_MODEL_CACHE_MB, 512, 'LF_MODEL_CACHE_MB') * 1024 * 1024),
    shutdownGraceMs: integer(env.LF_SHUTDOWN_GRACE_MS, 30_000, 'LF_SHUTDOWN_GRACE_MS'),
  };
}
