import {
  dateTime,
  makeTimeRange,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import pluginJson from '../../plugin.json';
import { AnomalyLensDataSource } from '../datasource';
import type { AnomalyOptions, AnomalyQuery } from '../types';
import { FakeBackend } from './fakeBackend';
import { installGrafanaServices } from './grafanaServices';
import { nodeBackendSrv } from './nodeBackendSrv';
import { proxyPrefix } from './routeProxy';
import { waveDataSource, waveSettings, type WaveDataSource } from './seriesDataSource';

export const PLUGIN_ID = pluginJson.id;

export function lensSettings(
  uid: string,
  jsonData: AnomalyOptions,
): DataSourceInstanceSettings<AnomalyOptions> {
  return {
    id: 1,
    uid,
    type: PLUGIN_ID,
    name: `Anomaly Lens ${uid}`,
    url: proxyPrefix(uid),
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {
      id: PLUGIN_ID,
      name: 'Anomaly Lens',
      type: 'datasource',
      info: { logos: { small: '' } },
    } as never,
  };
}

export interface LensFixture {
  backend: FakeBackend;
  lens: AnomalyLensDataSource;
  /** The same backend reached with a wrong API key in its settings. */
  wrongKey: AnomalyLensDataSource;
  /** Settings naming a Prometheus the backend does not allow. */
  otherPrometheus: AnomalyLensDataSource;
  wave: WaveDataSource;
}

/** A fake backend, the plugin wired to it through the route proxy (key k1), and a wave data source. */
export async function startLensFixture(): Promise<LensFixture> {
  const backend = new FakeBackend('k1');
  const url = await backend.start();
  const wave = waveDataSource();
  const routes = pluginJson.routes;
  const jsonData = { backendUrl: url, prometheusUrl: 'http://prometheus:9090' };
  const otherJsonData = { ...jsonData, prometheusUrl: 'http://elsewhere:9090' };
  installGrafanaServices({
    backendSrv: nodeBackendSrv([
      { uid: 'lens', routes, jsonData, secureJsonData: { apiKey: 'k1' } },
      { uid: 'wrong', routes, jsonData, secureJsonData: { apiKey: 'nope' } },
      { uid: 'other', routes, jsonData: otherJsonData, secureJsonData: { apiKey: 'k1' } },
    ]),
    datasources: [{ settings: waveSettings(), instance: wave }],
    variables: { metric: 'up', model: 'night-shift', org: 'acme', feature: 'chat' },
  });
  return {
    backend,
    wave,
    lens: new AnomalyLensDataSource(lensSettings('lens', jsonData)),
    wrongKey: new AnomalyLensDataSource(lensSettings('wrong', jsonData)),
    otherPrometheus: new AnomalyLensDataSource(lensSettings('other', otherJsonData)),
  };
}

export function queryRequest(
  targets: AnomalyQuery[],
  from: number,
  to: number,
): DataQueryRequest<AnomalyQuery> {
  const range = makeTimeRange(dateTime(from), dateTime(to));
  return {
    requestId: 'Q1',
    interval: '1m',
    intervalMs: 60_000,
    range,
    rangeRaw: range.raw,
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: from,
  };
}
