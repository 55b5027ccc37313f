/**
 * What Grafana's data source proxy does with a plugin.json route, for tests that have no Grafana:
 * `/api/datasources/proxy/uid/<uid>/<route path>/<rest>` → `<route url>/<rest>` with the route's
 * headers, `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` filled from the data source settings.
 * As in Grafana (pkg/api/pluginproxy/ds_proxy.go validateRequest), the first route in plugin.json
 * order whose method matches (none or `*`: any) and whose path prefixes the request's wins, and its
 * `reqRole` must be within the user's org role.
 */
export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

export interface PluginRoute {
  path: string;
  method?: string;
  /** Viewer, Editor or Admin (plugin.json is read as JSON, hence a string). */
  reqRole?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
}

const ROLE_RANK: Record<OrgRole, number> = { Viewer: 0, Editor: 1, Admin: 2 };

/** Grafana answers 403 "plugin proxy route access denied" to a user below the route's reqRole. */
export interface ProxyDenial {
  denied: string;
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

/** Go's path.Clean on a relative path (Grafana's util.CleanRelativePath): no `.`, `..` or `//`. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

export function resolveProxy(
  ds: ProxiedDataSource,
  requestUrl: string,
  request: { method?: string; role?: OrgRole } = {},
): ProxyTarget | ProxyDenial | undefined {
  const prefix = `${proxyPrefix(ds.uid)}/`;
  if (!requestUrl.startsWith(prefix)) return undefined;
  const [restPath, ...query] = requestUrl.slice(prefix.length).split('?');
  const rest = cleanPath(restPath) + (query.length ? `?${query.join('?')}` : '');
  const method = (request.method ?? 'GET').toUpperCase();
  const route = ds.routes.find(
    (r) => (!r.method || r.method === '*' || r.method.toUpperCase() === method) && rest.startsWith(r.path),
  );
  if (!route?.url) return undefined;
  if (route.reqRole && ROLE_RANK[request.role ?? 'Admin'] < (ROLE_RANK[route.reqRole as OrgRole] ?? 0))
    return { denied: 'plugin proxy route access denied' };
  const base = fill(route.url, ds).replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  for (const h of route.headers ?? []) headers[h.name.toLowerCase()] = fill(h.content, ds);
  return { url: base + rest.slice(route.path.length), headers };
}
