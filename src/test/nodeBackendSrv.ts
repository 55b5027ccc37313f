import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import http from 'node:http';
import { Observable } from 'rxjs';
import { resolveProxy, type ProxiedDataSource } from './routeProxy';

/**
 * A BackendSrv for jest: real HTTP to real servers through the route proxy emulation, so tests
 * exercise the URLs, headers and bodies the plugin would send through Grafana. Only `fetch` is
 * implemented: it is all the plugin uses.
 */
export function nodeBackendSrv(datasources: ProxiedDataSource[]): BackendSrv {
  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const target = datasources
        .map((ds) => resolveProxy(ds, options.url, { method: options.method }))
        .find(Boolean);
      if (target && 'denied' in target) {
        subscriber.error({ status: 403, statusText: 'Forbidden', data: { message: target.denied } });
        return;
      }
      if (!target) {
        subscriber.error({
          status: 404,
          statusText: 'Not Found',
          data: { message: `no proxy route for ${options.url}` },
        });
        return;
      }
      const body = options.data === undefined ? undefined : JSON.stringify(options.data);
      const req = http.request(
        target.url,
        {
          method: options.method ?? 'GET',
          headers: { ...target.headers, 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let data: unknown = text;
            try {
              data = JSON.parse(text);
            } catch {
              // keep the text
            }
            const status = res.statusCode ?? 0;
            const response = {
              data,
              status,
              statusText: res.statusMessage ?? '',
              ok: status < 400,
              config: options,
              url: target.url,
            };
            if (status >= 400) subscriber.error(response);
            else {
              subscriber.next(response as unknown as FetchResponse<T>);
              subscriber.complete();
            }
          });
        },
      );
      req.on('error', (error) =>
        subscriber.error({ status: 502, statusText: 'Bad Gateway', data: { message: error.message } }),
      );
      req.end(body);
    });
  return { fetch } as unknown as BackendSrv;
}
