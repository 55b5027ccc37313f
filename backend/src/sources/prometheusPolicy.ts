import { NotAllowedError, invalidInput } from '../core/errors';

/**
 * Which Prometheus servers the backend may query: the ones its own configuration lists
 * (LF_PROMETHEUS_URL, comma-separated, the first one being the default). A URL a client sends
 * (the Grafana route's X-Prometheus-Url header) only *selects* one of them: it is normalised and
 * compared, and the configured URL is what gets fetched, so a request can never make the backend
 * contact an address of its choosing (server-side request forgery).
 */

export const NOT_ALLOWED = 'Prometheus URL not allowed: add it to LF_PROMETHEUS_URL';

/** Largest Prometheus answer read by default (LF_PROMETHEUS_MAX_MB); a broader query is refused. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** How messages name the default Prometheus: its URL is the operator's, often an internal address. */
export const DEFAULT_PROMETHEUS = 'the default Prometheus (LF_PROMETHEUS_URL)';

/** A Prometheus the backend may query, and how messages to the client may name it. */
export interface PrometheusTarget {
  /** The allow-listed URL that is fetched. */
  readonly url: string;
  /**
   * How a message names it: `Prometheus at <url>` when the client named the URL itself (it knows
   * it already), otherwise DEFAULT_PROMETHEUS, so no internal address reaches a response.
   */
  readonly name: string;
  /** Largest answer read; more is a TooLargeError. */
  readonly maxResponseBytes: number;
}

/**
 * The comparable form of a Prometheus URL: scheme, lower-case host, no default port (WHATWG
 * parsing also turns hex, octal and decimal IPv4 spellings into dotted form and compresses IPv6),
 * path without trailing slashes; credentials, query and fragment dropped. Undefined when the text
 * is not an absolute http(s) URL.
 */
export function normalizePrometheusUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname) return undefined;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Parses LF_PROMETHEUS_URL; a malformed entry stops the service at start-up with this message. */
export function parsePrometheusAllowList(value: string | undefined): string[] {
  return prometheusAllowList((value ?? '').split(','));
}

/** Validates and normalises allow-list entries (blank ones are skipped, duplicates dropped). */
export function prometheusAllowList(raw: readonly string[]): string[] {
  const entries = raw.map((s) => s.trim()).filter(Boolean);
  const list: string[] = [];
  for (const entry of entries) {
    const normalized = normalizePrometheusUrl(entry);
    if (!normalized) {
      throw invalidInput(`LF_PROMETHEUS_URL: '${entry}' is not an absolute http:// or https:// URL`);
    }
    const url = new URL(entry);
    if (url.username || url.password) {
      throw invalidInput(
        `LF_PROMETHEUS_URL: '${url.host}' carries credentials; put an authenticating proxy in front instead`,
      );
    }
    if (url.search || url.hash) {
      throw invalidInput(`LF_PROMETHEUS_URL: '${entry}' must not have a query or a fragment`);
    }
    if (!list.includes(normalized)) list.push(normalized);
  }
  return list;
}

export class PrometheusPolicy {
  /**
   * @param allowed normalised URLs (parsePrometheusAllowList); the first is the default.
   * @param maxResponseBytes largest answer read from any of them (LF_PROMETHEUS_MAX_MB).
   */
  constructor(
    private readonly allowed: readonly string[],
    private readonly maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {}

  /** Whether any Prometheus is configured at all. */
  get configured(): boolean {
    return this.allowed.length > 0;
  }

  /** The client's wish, if it named one (an empty header counts as none). */
  static requested(url: string | undefined): string | undefined {
    return url && url.trim() !== '' ? url : undefined;
  }

  /**
   * The configured Prometheus to query: the one the client's URL equals after normalisation, or the
   * default when it named none. Throws a NotAllowedError (never contacting anything) otherwise.
   */
  resolve(requested: string | undefined): PrometheusTarget {
    const { maxResponseBytes } = this;
    const wish = PrometheusPolicy.requested(requested);
    if (wish === undefined) {
      if (!this.configured) {
        throw invalidInput(
          'no Prometheus URL configured: set LF_PROMETHEUS_URL on the backend (and the same URL in the data source settings, if any)',
        );
      }
      return { url: this.allowed[0], name: DEFAULT_PROMETHEUS, maxResponseBytes };
    }
    const normalized = normalizePrometheusUrl(wish);
    const match = normalized === undefined ? undefined : this.allowed.find((a) => a === normalized);
    if (match === undefined) throw new NotAllowedError(NOT_ALLOWED);
    return { url: match, name: `Prometheus at ${match}`, maxResponseBytes };
  }
}
