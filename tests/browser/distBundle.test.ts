import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GRAFANA_SHARED } = require('../../webpack.config.js') as { GRAFANA_SHARED: string[] };

/** The built plugin as Grafana would load it (`npm run build` makes dist/ before jest runs). */
describe('dist/ (npm run build:plugin)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(DIST, 'module.js')))
      throw new Error('dist/module.js is missing: run npm run build first');
  });

  it('is an AMD module whose only dependencies are modules Grafana provides', () => {
    const code = readFileSync(path.join(DIST, 'module.js'), 'utf8');
    const match = /^define\((\[[^\]]*\]),/.exec(code);
    expect(match).not.toBeNull();
    const deps = JSON.parse(match![1]) as string[];
    expect(deps.length).toBeGreaterThan(0);
    for (const dep of deps) expect(GRAFANA_SHARED).toContain(dep);
    expect(code).not.toMatch(/\brequire\(["']/); // nothing left to resolve at runtime
  });

  it('stays under 250 KB minified', () => {
    expect(statSync(path.join(DIST, 'module.js')).size).toBeLessThan(250 * 1024);
  });

  it('ships plugin.json with a valid id, annotations and metrics, the proxy route and a filled-in version', () => {
    const json = JSON.parse(readFileSync(path.join(DIST, 'plugin.json'), 'utf8'));
    expect(json.id).toMatch(/^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/);
    expect(json).toMatchObject({ type: 'datasource', metrics: true, annotations: true, backend: false });
    expect(json.dependencies.grafanaDependency).toBe('>=12.4.0');
    expect(json.info.version).toBe(
      JSON.parse(readFileSync(path.resolve(DIST, '../package.json'), 'utf8')).version,
    );
    expect(json.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const headers = [
      { name: 'X-Api-Key', content: '{{ .SecureJsonData.apiKey }}' },
      { name: 'X-Prometheus-Url', content: '{{ .JsonData.prometheusUrl }}' },
    ];
    // Grafana takes the first matching route: dismiss/accept (POST, editors only) before the catch-all.
    expect(json.routes).toEqual([
      {
        path: 'lens/v1/anomalies',
        method: 'POST',
        reqRole: 'Editor',
        url: '{{ .JsonData.backendUrl }}/v1/anomalies',
        headers,
      },
      { path: 'lens', url: '{{ .JsonData.backendUrl }}', headers },
    ]);
    for (const file of ['README.md', json.info.logos.small])
      expect(existsSync(path.join(DIST, file))).toBe(true);
  });
});
