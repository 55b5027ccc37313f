import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type {
  Anomaly,
  BackendInfo,
  DetectBody,
  Detection,
  MethodInfo,
  Monitor,
  MonitorSeriesReport,
  SavedModel,
  SeriesPoints,
} from './backendTypes';

/** A failed backend call with the backend's own explanation (its `detail`) as the message. */
export class BackendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Issue {
  loc?: Array<string | number>;
  msg?: string;
}

function detailText(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return (detail as Issue[])
      .map((d) => `${(d.loc ?? []).filter((p) => p !== 'body').join('.')}: ${d.msg ?? ''}`)
      .join('; ');
  }
  return undefined;
}

function toBackendError(error: unknown): BackendError {
  if (isFetchError(error)) {
    const detail = detailText((error.data as { detail?: unknown } | undefined)?.detail);
    if (error.status === 401)
      return new BackendError(401, `the backend refused the API key: ${detail ?? 'unauthorized'}`);
    if (detail) return new BackendError(error.status, detail);
    if (error.status === 502 || error.status === 0 || error.status === undefined) {
      return new BackendError(
        error.status ?? 0,
        'the anomaly backend is not reachable: check the backend URL in the data source settings',
      );
    }
    return new BackendError(error.status, `${error.status} ${error.statusText ?? ''}`.trim());
  }
  return new BackendError(0, error instanceof Error ? error.message : String(error));
}

/** Query-string filters; undefined and empty values are left out. */
export type Filter = Record<string, string | number | undefined>;

export function queryString(filter: Filter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The most anomalies one feed or annotation query reads (pages of the backend's maximum, 1000). */
export const MAX_ANOMALIES = 5000;

export type Feedback = 'dismiss' | 'accept';

/** The anomaly backend behind the data source's proxy route (`<data source url>/lens`). */
export class BackendClient {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: `${this.baseUrl}${path}`,
          method,
          data,
          showErrorAlert: false,
          showSuccessAlert: false,
        }),
      );
      return response.data;
    } catch (error) {
      throw toBackendError(error);
    }
  }

  detect(body: DetectBody): Promise<Detection> {
    return this.call('POST', '/v1/timeseries/detect', body);
  }

  score(body: {
    model_key: string;
    series: SeriesPoints[];
    score_from: number;
    threshold?: number;
  }): Promise<Detection> {
    return this.call('POST', '/v1/timeseries/score', body);
  }

  async methods(): Promise<MethodInfo[]> {
    return (await this.call<{ data: MethodInfo[] }>('GET', '/v1/timeseries/methods')).data;
  }

  info(): Promise<BackendInfo> {
    return this.call('GET', '/v1/timeseries/info');
  }

  /** Readable saved models; damaged files (listed by the backend with an `error` field) are left out. */
  async models(): Promise<SavedModel[]> {
    const list = await this.call<{ data: (SavedModel | { error: string })[] }>('GET', '/v1/anomaly/models');
    return list.data.filter((m): m is SavedModel => !('error' in m));
  }

  async monitors(filter: Filter): Promise<Monitor[]> {
    return (await this.call<{ data: Monitor[] }>('GET', `/v1/monitors${queryString(filter)}`)).data;
  }

  monitor(id: string): Promise<Monitor> {
    return this.call('GET', `/v1/monitors/${encodeURIComponent(id)}`);
  }

  monitorSeries(id: string, from: number, to: number): Promise<MonitorSeriesReport> {
    return this.call('GET', `/v1/monitors/${encodeURIComponent(id)}/series${queryString({ from, to })}`);
  }

  /** Every page of `GET /v1/anomalies` up to MAX_ANOMALIES; `truncated` when more were left. */
  async anomalies(filter: Filter): Promise<{ data: Anomaly[]; truncated: boolean }> {
    const data: Anomaly[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call<{ data: Anomaly[]; next_cursor?: string }>(
        'GET',
        `/v1/anomalies${queryString({ ...filter, limit: 1000, cursor })}`,
      );
      data.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor && data.length < MAX_ANOMALIES);
    return { data, truncated: Boolean(cursor) };
  }

  /** `POST /v1/anomalies/{id}/dismiss|accept` (the route the feed's table actions call too). */
  feedback(id: string, action: Feedback, reason?: string): Promise<Anomaly> {
    return this.call('POST', feedbackPath(encodeURIComponent(id), action), reason ? { reason } : {});
  }
}

/** The backend path of a dismiss or accept (below the data source's `lens` route); `idSegment` is URL-encoded. */
export function feedbackPath(idSegment: string, action: Feedback): string {
  return `/v1/anomalies/${idSegment}/${action}`;
}
