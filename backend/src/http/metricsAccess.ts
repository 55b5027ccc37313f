import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { requireApiKey } from './apiKey';
import { HttpError } from './httpError';

/**
 * Who may read `/metrics` (LF_METRICS_AUTH):
 * - `loopback` (default): clients on this machine without a key; others need LF_API_KEY (as for
 *   `/v1`), and are refused when no key is configured, so series names never leave the host unasked;
 * - `key`: every client needs LF_API_KEY;
 * - `open`: anyone who reaches the port (e.g. Prometheus on a private compose network).
 */
export type MetricsAccess = 'loopback' | 'key' | 'open';

const MODES: readonly MetricsAccess[] = ['loopback', 'key', 'open'];

export function parseMetricsAccess(value: string | undefined, apiKey: string | undefined): MetricsAccess {
  const mode = (value || 'loopback').trim().toLowerCase();
  if (!MODES.includes(mode as MetricsAccess))
    throw new Error(`LF_METRICS_AUTH must be one of ${MODES.join(', ')}, got '${value}'`);
  if (mode === 'key' && !apiKey) throw new Error('LF_METRICS_AUTH=key needs LF_API_KEY to be set');
  return mode as MetricsAccess;
}

/** The peer's own address (never a forwarded header): 127.0.0.0/8, ::1 or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

export function requireMetricsAccess(mode: MetricsAccess, apiKey: string | undefined): RequestHandler {
  if (mode === 'open') return (_req, _res, next) => next();
  const keyed = requireApiKey(apiKey);
  if (mode === 'key') return keyed;
  return (req, res, next) => {
    if (isLoopbackAddress(req.socket.remoteAddress)) return next();
    if (apiKey) return keyed(req, res, next);
    next(
      new HttpError(
        403,
        '/metrics is served to clients on this machine only: set LF_API_KEY and send it ' +
          '(Prometheus: authorization credentials), or LF_METRICS_AUTH=open on a trusted network',
      ),
    );
  };
}
