import { InvalidInputError, TooLargeError, UpstreamError } from '../core/errors';
import { BodyTooLarge, readBoundedText } from './boundedBody';
import { PrometheusPolicy, type PrometheusTarget } from './prometheusPolicy';

const TIMEOUT_MS = 30_000;
const MIB = 1024 * 1024;

/** One series of a range query: NaN and infinite samples are null (gaps). */
export interface PromSeries {
  name: string;
  labels: Record<string, string>;
  timestamps: number[];
  values: (number | null)[];
}
/** Prometheus refuses more than 11,000 points per series; stay below with room to spare. */
const MAX_POINTS = 10_000;

interface PromResponse<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
}

interface MatrixResult {
  resultType: string;
  result: { metric: Record<string, string>; values: [number, string][] }[];
}

/** Upstream text shown to a client: control characters stripped, whitespace collapsed, truncated. */
function sanitize(text: string, max: number): string {
  const clean = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Prometheus's own error body: `{"status":"error","errorType":"bad_data","error":"…"}`. */
function prometheusError(body: unknown): { errorType: string; error: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { status, errorType, error } = body as Record<string, unknown>;
  if (status !== 'error' || typeof errorType !== 'string' || typeof error !== 'string') return undefined;
  if (!/^[a-z_]{1,32}$/.test(errorType)) return undefined;
  return { errorType, error: sanitize(error, 200) };
}

function unreachable(target: PrometheusTarget, error: unknown): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `${target.name} did not answer within ${TIMEOUT_MS / 1000} s`;
  }
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return `${target.name} did not answer${typeof code === 'string' ? ` (${sanitize(code, 40)})` : ''}`;
}

function tooLarge(target: PrometheusTarget): TooLargeError {
  const mib = Number((target.maxResponseBytes / MIB).toFixed(2));
  return new TooLargeError(
    `${target.name} answered with more than ${mib} MiB, the cap per query (LF_PROMETHEUS_MAX_MB): narrow the query (fewer series, a coarser step or a shorter range)`,
  );
}

/**
 * GETs a Prometheus API path from an allow-listed target (PrometheusPolicy.resolve). Redirects are
 * not followed, the body is read up to the target's cap, and no upstream body is ever echoed: a
 * client sees the HTTP status and, for Prometheus's own error JSON, its errorType and a short
 * sanitized reason. Messages name the target as the policy allows (never a URL the client did not give).
 */
async function getJson<T>(target: PrometheusTarget, pathAndQuery: string): Promise<PromResponse<T>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${target.url}${pathAndQuery}`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await readBoundedText(response, target.maxResponseBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge(target);
    throw new UpstreamError(unreachable(target, error));
  }
  const status = response.status;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    throw new UpstreamError(
      `${target.name} answered with a redirect (HTTP ${status || 'redirect'}); redirects are not followed: put the final URL in LF_PROMETHEUS_URL`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300 && (body as PromResponse<T> | undefined)?.status === 'success') {
    return body as PromResponse<T>;
  }
  const rejected = prometheusError(body);
  if (!rejected) {
    throw new UpstreamError(`${target.name} answered HTTP ${status} (not a Prometheus API response)`);
  }
  const reason = `Prometheus rejected the query (${rejected.errorType}): ${rejected.error}`;
  throw status >= 400 && status < 500 ? new InvalidInputError(reason) : new UpstreamError(reason);
}

export function autoStepMs(from: number, to: number): number {
  return Math.max(15_000, Math.ceil((to - from) / MAX_POINTS / 1000) * 1000);
}

/**
 * Runs a range query and returns its series (NaN and infinite samples become gaps).
 * `target` comes from PrometheusPolicy.resolve.
 */
export async function queryRange(
  target: PrometheusTarget,
  expr: string,
  from: number,
  to: number,
  stepMs: number,
): Promise<PromSeries[]> {
  const params = new URLSearchParams({
    query: expr,
    start: String(from / 1000),
    end: String(to / 1000),
    step: String(stepMs / 1000),
  });
  const body = await getJson<MatrixResult>(target, `/api/v1/query_range?${params}`);
  const result = body.data?.resultType === 'matrix' ? body.data.result : [];
  return result.map(({ metric, values }) => {
    const { __name__: name, ...labels } = metric;
    return {
      name: name ?? expr,
      labels,
      timestamps: values.map(([t]) => Math.round(t * 1000)),
      values: values.map(([, v]) => {
        const x = Number(v);
        return Number.isFinite(x) ? x : null;
      }),
    };
  });
}

export interface PrometheusStatus {
  readonly configured: boolean;
  readonly ok: boolean;
  readonly version?: string;
  readonly message: string;
}

/** Whether the Prometheus a request would use answers; never contacts a URL that is not allowed. */
export async function prometheusStatus(
  policy: PrometheusPolicy,
  requested: string | undefined,
): Promise<PrometheusStatus> {
  if (PrometheusPolicy.requested(requested) === undefined && !policy.configured) {
    return { configured: false, ok: false, message: 'no Prometheus URL configured' };
  }
  let target: PrometheusTarget;
  try {
    target = policy.resolve(requested);
  } catch (error) {
    return { configured: true, ok: false, message: (error as Error).message };
  }
  try {
    const body = await getJson<{ version?: unknown }>(target, '/api/v1/status/buildinfo');
    const raw = body.data?.version;
    const version = typeof raw === 'string' ? sanitize(raw, 40) : undefined;
    return {
      configured: true,
      ok: true,
      version,
      message: `${target.name} answers${version ? ` (version ${version})` : ''}`,
    };
  } catch (error) {
    return { configured: true, ok: false, message: (error as Error).message };
  }
}
