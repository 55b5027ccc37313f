import pluginJson from '../../plugin.json';
import { resolveProxy, type ProxiedDataSource } from './routeProxy';

const lens: ProxiedDataSource = {
  uid: 'lens',
  routes: pluginJson.routes,
  jsonData: { backendUrl: 'http://backend:11540' },
  secureJsonData: { apiKey: 'k1' },
};
const dismiss = '/api/datasources/proxy/uid/lens/lens/v1/anomalies/mon_1:1700000000000/dismiss';

describe("plugin.json routes under Grafana's first-match rule", () => {
  it('sends an editor’s dismiss to the backend with the API key', () => {
    expect(resolveProxy(lens, dismiss, { method: 'POST', role: 'Editor' })).toEqual({
      url: 'http://backend:11540/v1/anomalies/mon_1:1700000000000/dismiss',
      headers: { 'x-api-key': 'k1', 'x-prometheus-url': '' },
    });
  });

  it('refuses a viewer’s dismiss, also when the path is disguised, but lets viewers read the feed', () => {
    expect(resolveProxy(lens, dismiss, { method: 'POST', role: 'Viewer' })).toEqual({
      denied: 'plugin proxy route access denied',
    });
    const disguised = '/api/datasources/proxy/uid/lens/lens/./v1//x/../anomalies/a/accept';
    expect(resolveProxy(lens, disguised, { method: 'POST', role: 'Viewer' })).toHaveProperty('denied');
    expect(
      resolveProxy(lens, '/api/datasources/proxy/uid/lens/lens/v1/anomalies?org=a', { role: 'Viewer' }),
    ).toEqual({
      url: 'http://backend:11540/v1/anomalies?org=a',
      headers: { 'x-api-key': 'k1', 'x-prometheus-url': '' },
    });
  });
});
