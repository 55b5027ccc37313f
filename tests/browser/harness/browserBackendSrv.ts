import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';

/**
 * BackendSrv for the harness page: same-origin fetch, like Grafana's; the harness server plays
 * Grafana's data source proxy. Only `fetch` is implemented: it is all the plugin uses.
 */
export function browserBackendSrv(): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      window
        .fetch(options.url, {
          method: options.method ?? 'GET',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: options.data === undefined ? undefined : JSON.stringify(options.data),
        })
        .then(async (res) => {
          const text = await res.text();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          const response = {
            data,
            status: res.status,
            statusText: res.statusText,
            ok: res.ok,
            config: options,
            url: res.url,
          };
          if (!res.ok) subscriber.error(response);
          else {
            subscriber.next(response as unknown as FetchResponse<T>);
            subscriber.complete();
          }
        })
        .catch((error: Error) => subscriber.error({ status: 0, statusText: error.message, data: {} }));
    });
  return { fetch: fetchObservable } as unknown as BackendSrv;
}
