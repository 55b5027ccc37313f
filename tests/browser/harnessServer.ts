import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  resolveProxy,
  type OrgRole,
  type PluginRoute,
  type ProxiedDataSource,
} from '../../src/test/routeProxy';

const ROOT = path.resolve(__dirname, '../..');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Anomaly Lens harness</title>
<link rel="stylesheet" href="/uplot.css">
<style>body{margin:0;background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif}
.u-legend{color:#ccccdc;font-size:12px}.u-title{color:#ccccdc;font-size:14px}</style>
</head><body><div id="root"></div><script src="/harness.js"></script></body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown',
};

export interface HarnessServer {
  readonly url: string;
  /** The signed-in user's org role (Grafana checks it against a route's reqRole). */
  role: OrgRole;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Grafana's `[security] actions_allow_post_url`: globs of its own paths a table action may POST to. */
  actionsAllowPostUrl?: string[];
}

/** go-glob as Grafana uses it: `*` matches any run of characters, `/` included. */
function glob(pattern: string, text: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(text);
}

/**
 * Serves the harness page, its bundle and the built plugin (dist/), and plays Grafana's data source
 * proxy: settings saved by the page are kept here (the secret never goes back to the browser) and
 * `/api/datasources/proxy/uid/lens/…` is forwarded along dist/plugin.json's routes.
 */
export async function startHarnessServer(
  bundleDir: string,
  options: HarnessOptions = {},
): Promise<HarnessServer> {
  const pluginJson = JSON.parse(readFileSync(path.join(ROOT, 'dist/plugin.json'), 'utf8')) as {
    routes: PluginRoute[];
  };
  const lens: ProxiedDataSource = {
    uid: 'lens',
    routes: pluginJson.routes,
    jsonData: {},
    secureJsonData: {},
  };
  const state = { role: 'Editor' as OrgRole };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (status: number, type: string, content: string | Buffer) => {
        res.writeHead(status, { 'content-type': type });
        res.end(content);
      };
      try {
        if (url.split('?')[0] === '/') return send(200, 'text/html', PAGE);
        if (url === '/harness.js')
          return send(200, TYPES['.js'], readFileSync(path.join(bundleDir, 'harness.js')));
        if (url === '/uplot.css')
          return send(
            200,
            TYPES['.css'],
            readFileSync(path.join(ROOT, 'node_modules/uplot/dist/uPlot.min.css')),
          );
        // Grafana's icons, where @grafana/ui looks for them when no public path is set.
        if (url.startsWith('/public/build/img/icons/') && !url.includes('..')) {
          const icon = path.join(
            ROOT,
            'node_modules/@grafana/ui/dist/public/img/icons',
            url.slice('/public/build/img/icons/'.length),
          );
          return send(200, TYPES['.svg'], readFileSync(icon));
        }
        if (url.startsWith('/dist/') && !url.includes('..')) {
          return send(
            200,
            TYPES[path.extname(url)] ?? 'application/octet-stream',
            readFileSync(path.join(ROOT, url)),
          );
        }
        if (url === '/harness/settings' && req.method === 'POST') {
          const saved = JSON.parse(body.toString('utf8')) as Pick<
            ProxiedDataSource,
            'jsonData' | 'secureJsonData'
          >;
          lens.jsonData = saved.jsonData;
          lens.secureJsonData = { ...lens.secureJsonData, ...saved.secureJsonData };
          return send(200, TYPES['.json'], '{}');
        }
        // Grafana's ValidateActionUrl middleware: an action's POST/PUT to Grafana's own API must match the allow list.
        const urlPath = url.split('?')[0];
        if (
          req.headers['x-grafana-action'] &&
          (req.method === 'POST' || req.method === 'PUT') &&
          !(options.actionsAllowPostUrl ?? []).some((p) => glob(p, urlPath))
        )
          return send(
            403,
            TYPES['.json'],
            JSON.stringify({ message: `POST/PUT to path not allowed: ${url}` }),
          );
        const target = resolveProxy(lens, url, { method: req.method, role: state.role });
        if (!target) return send(404, TYPES['.json'], JSON.stringify({ message: `no route for ${url}` }));
        if ('denied' in target) return send(403, TYPES['.json'], JSON.stringify({ message: target.denied }));
        const forward = http.request(
          target.url,
          { method: req.method, headers: { ...target.headers, 'content-type': 'application/json' } },
          (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, {
              'content-type': upstream.headers['content-type'] ?? TYPES['.json'],
            });
            upstream.pipe(res);
          },
        );
        forward.on('error', (error) => send(502, TYPES['.json'], JSON.stringify({ message: error.message })));
        forward.end(body);
      } catch (error) {
        send((error as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500, 'text/plain', String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get role() {
      return state.role;
    },
    set role(role: OrgRole) {
      state.role = role;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
