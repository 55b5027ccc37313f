import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type {
  BackendInfo,
  DetectBody,
  Detection,
  MethodInfo,
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
}
