import { InvalidInputError, UpstreamError, invalidInput } from '../../core/errors';
import type { SeriesInput } from '../schemas';

const TIMEOUT_MS = 30_000;
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

/** Accepts only absolute http(s) URLs, so a typo fails fast with a clear message. */
export function prometheusBase(url: string | undefined): string {
  if (!url) {
    throw invalidInput(
      'no Prometheus URL configured: set it in the data source settings (or LF_PROMETHEUS_URL on the backend)',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput(`Prometheus URL '${url}' is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidInput(`Prometheus URL '${url}' must start with http:// or https://`);
  }
  return parsed.href.replace(/\/+$/, '');
}

async function getJson<T>(base: string, pathAndQuery: string): Promise<PromResponse<T>> {
  let response: Response;
  try {
    response = await fetch(`${base}${pathAndQuery}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new UpstreamError(`Prometheus at ${base} did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: PromResponse<T>;
  try {
    body = JSON.parse(text) as PromResponse<T>;
  } catch {
    throw new UpstreamError(`Prometheus at ${base} answered ${response.status} with a body that is not JSON`);
  }
  if (body.status !== 'success') {
    const reason = `Prometheus rejected the query (${body.errorType ?? response.status}): ${body.error ?? 'no reason given'}`;
    throw response.status >= 400 && response.status < 500
      ? new InvalidInputError(reason)
      : new UpstreamError(reason);
  }
  return body;
}

export function autoStepMs(from: number, to: number): number {
  return Math.max(15_000, Math.ceil((to - from) / MAX_POINTS / 1000) * 1000);
}

/** Runs a range query and returns its series (NaN and infinite samples become gaps). */
export async function queryRange(
  url: string | undefined,
  expr: string,
  from: number,
  to: number,
  stepMs: number,
): Promise<SeriesInput[]> {
  const base = prometheusBase(url);
  const params = new URLSearchParams({
    query: expr,
    start: String(from / 1000),
    end: String(to / 1000),
    step: String(stepMs / 1000),
  });
  const body = await getJson<MatrixResult>(base, `/api/v1/query_range?${params}`);
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

export async function prometheusStatus(url: string | undefined): Promise<PrometheusStatus> {
  if (!url) return { configured: false, ok: false, message: 'no Prometheus URL configured' };
  try {
    const base = prometheusBase(url);
    const body = await getJson<{ version?: string }>(base, '/api/v1/status/buildinfo');
    const version = body.data?.version;
    return {
      configured: true,
      ok: true,
      version,
      message: `Prometheus ${version ?? ''} answers at ${base}`.replace('  ', ' '),
    };
  } catch (error) {
    return { configured: true, ok: false, message: (error as Error).message };
  }
}
