import type { RequestHandler } from 'express';
import { HttpError } from './httpError';

/**
 * Host and Origin allow-lists, against DNS rebinding and cross-site requests from browsers.
 *
 * Host: a page on attacker.example whose name is re-pointed at 127.0.0.1 reaches this service with
 * `Host: attacker.example`, so only names the operator expects are served. Grafana's server-side
 * data source proxy sends the backend's own host (the one in the data source's backend URL,
 * e.g. `backend:11540`) and drops the browser's Origin, so that host must be allowed.
 *
 * Origin: browsers send it on cross-origin requests (and on every POST); a page from an origin not
 * allowed is refused before anything runs. Clients that are not browsers (curl, Grafana's proxy)
 * send none.
 */
export interface HostPolicy {
  /** `name` (any port) or `name:port`; IPv6 addresses in brackets. */
  readonly hosts: readonly string[];
  /** Origins served on any port and scheme (http/https) by host name: loopback and the listen host. */
  readonly originHosts: readonly string[];
  /** Further origins allowed exactly (`https://grafana.example.com`). */
  readonly origins: readonly string[];
}

export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Addresses that mean "every interface": not a name a client would send. */
const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]', '']);

interface HostPort {
  readonly name: string;
  readonly port?: string;
}

/** `Name:port`, `[v6]:port`, a bare IPv6 address or a name; lower-case, no trailing dot. */
function parseHost(text: string): HostPort | undefined {
  let value = text.trim().toLowerCase();
  if (/^[0-9a-f:.]+$/.test(value) && (value.match(/:/g) ?? []).length > 1) value = `[${value}]`;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return undefined;
  const name = match[1].replace(/\.$/, '');
  return name ? { name, port: match[2] } : undefined;
}

/** The policy from the listen address and the operator's lists; a malformed entry throws. */
export function hostPolicy(
  listenHost: string,
  extraHosts: readonly string[] = [],
  extraOrigins: readonly string[] = [],
): HostPolicy {
  const own = UNSPECIFIED.has(listenHost.trim()) ? [] : [parseHost(listenHost)?.name ?? listenHost];
  const defaults = [...new Set([...LOOPBACK_HOSTS, ...own])];
  const hosts = extraHosts.map((entry) => {
    const parsed = parseHost(entry);
    if (!parsed) throw new Error(`LF_ALLOWED_HOSTS: '${entry}' is not a host name or host:port`);
    return parsed.port ? `${parsed.name}:${parsed.port}` : parsed.name;
  });
  const origins = extraOrigins.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '')) {
      throw new Error(
        `LF_ALLOWED_ORIGINS: '${entry}' is not an origin such as https://grafana.example.com:3000`,
      );
    }
    return url.origin;
  });
  return { hosts: [...new Set([...defaults, ...hosts])], originHosts: defaults, origins };
}

function hostAllowed(policy: HostPolicy, header: string | undefined): boolean {
  const host = header === undefined ? undefined : parseHost(header);
  if (!host) return false;
  return policy.hosts.some((entry) => {
    const allowed = parseHost(entry);
    return allowed?.name === host.name && (allowed.port === undefined || allowed.port === host.port);
  });
}

function originAllowed(policy: HostPolicy, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" (sandboxed frames, file:// pages)
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  return policy.originHosts.includes(url.hostname) || policy.origins.includes(url.origin);
}

export function requireAllowedHost(policy: HostPolicy): RequestHandler {
  return (req, _res, next) => {
    const host = req.headers.host;
    if (!hostAllowed(policy, host)) {
      return next(
        new HttpError(
          421,
          host === undefined
            ? 'missing Host header'
            : `Host '${host.slice(0, 100)}' is not allowed: add it to LF_ALLOWED_HOSTS`,
        ),
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(policy, origin)) {
      return next(
        new HttpError(
          403,
          `Origin '${origin.slice(0, 100)}' is not allowed: add it to LF_ALLOWED_ORIGINS (Grafana's data source proxy needs no entry: it sends no Origin)`,
        ),
      );
    }
    next();
  };
}
