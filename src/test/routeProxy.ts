/**
 * What Grafana's data source proxy does with a plugin.json route, for tests that have no Grafana:
 * `/api/datasources/proxy/uid/<uid>/<route path>/<rest>` → `<route url>/<rest>` with the route's
 * headers, `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` filled from the data source settings.
 */
export interface PluginRoute {
  path: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface ProxiedDataSource {
  uid: string;
  routes: PluginRoute[];
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

export interface ProxyTarget {
  url: string;
  headers: Record<string, string>;
}

export const proxyPrefix = (uid: string): string => `/api/datasources/proxy/uid/${uid}`;

function fill(template: string, ds: ProxiedDataSource): string {
  return template.replace(
    /\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g,
    (_m, scope: string, key: string) => {
      const value = scope === 'JsonData' ? ds.jsonData[key] : ds.secureJsonData[key];
      return value === undefined || value === null ? '' : String(value);
    },
  );
}

export function resolveProxy(ds: ProxiedDataSource, requestUrl: string): ProxyTarget | undefined {
  const prefix = `${proxyPrefix(ds.uid)}/`;
  if (!requestUrl.startsWith(prefix)) return undefined;
  const rest = requestUrl.slice(prefix.length);
  const route = [...ds.routes]
    .sort((a, b) => b.path.length - a.path.length)
    .find((r) => rest === r.path || rest.startsWith(`${r.path}/`) || rest.startsWith(`${r.path}?`));
  if (!route?.url) return undefined;
  const base = fill(route.url, ds).replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  for (const h of route.headers ?? []) headers[h.name.toLowerCase()] = fill(h.content, ds);
  return { url: base + rest.slice(route.path.length), headers };
}
