import {
  dateTime,
  makeTimeRange,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  type DataSourceSettings,
  type TestDataSourceResponse,
} from '@grafana/data';
import { Button, GlobalStyles, Stack } from '@grafana/ui';
import React, { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { isObservable, lastValueFrom } from 'rxjs';
import { installGrafanaServices } from '../../../src/test/grafanaServices';
import { proxyPrefix } from '../../../src/test/routeProxy';
import { waveDataSource, waveSettings } from '../../../src/test/seriesDataSource';
import type { AnomalyOptions, AnomalyQuery, AnomalySecureOptions } from '../../../src/types';
import { loadAmdModule } from './amdLoader';
import { browserBackendSrv } from './browserBackendSrv';
import { drawFrames } from './chart';
import { MonitorsView } from './monitorsView';
import { SHARED_MODULES } from './sharedModules';

/** The panel: 6 hours on 10 March 2024 with a spike injected by the source at 09:00 UTC. */
export const PANEL = { from: Date.UTC(2024, 2, 10, 6), to: Date.UTC(2024, 2, 10, 12) };
export const SPIKE_AT = Date.UTC(2024, 2, 10, 9);

const INITIAL_QUERY: AnomalyQuery = {
  refId: 'A',
  queryType: 'detect',
  source: 'datasource',
  sourceDatasource: { uid: 'wave', type: 'test-wave-datasource' },
  sourceQuery: {
    refId: 'A',
    series: 'cpu',
    spikeAt: SPIKE_AT,
    spikeHeight: 35,
  } as AnomalyQuery['sourceQuery'],
  method: 'isolation_forest',
};

type Plugin = DataSourcePlugin<
  DataSourceApi<AnomalyQuery, AnomalyOptions>,
  AnomalyQuery,
  AnomalyOptions,
  AnomalySecureOptions
>;
type Settings = DataSourceSettings<AnomalyOptions, AnomalySecureOptions>;

/** What the browser test reads back: the frames in brief, and the test result. */
export interface HarnessSummary {
  runs: number;
  frames: Array<{
    name?: string;
    refId?: string;
    fields: Array<{
      name: string;
      type: string;
      length: number;
      fillBelowTo?: string;
      labels?: Record<string, string>;
    }>;
    meta?: DataFrame['meta'];
    rows?: Array<Record<string, unknown>>;
  }>;
}

function summarize(frames: DataFrame[], runs: number): HarnessSummary {
  return {
    runs,
    frames: frames.map((f) => ({
      name: f.name,
      refId: f.refId,
      meta: f.meta,
      fields: f.fields.map((field) => ({
        name: field.config.displayNameFromDS ?? field.name,
        type: field.type,
        length: field.values.length,
        fillBelowTo: field.config.custom?.fillBelowTo,
        labels: field.labels,
      })),
      rows:
        f.meta?.dataTopic === 'annotations'
          ? Array.from({ length: f.length }, (_, i) =>
              Object.fromEntries(f.fields.map((field) => [field.name, field.values[i]])),
            )
          : undefined,
    })),
  };
}

function request(query: AnomalyQuery): DataQueryRequest<AnomalyQuery> {
  const range = makeTimeRange(dateTime(PANEL.from), dateTime(PANEL.to));
  return {
    requestId: `harness-${Date.now()}`,
    interval: '1m',
    intervalMs: 60_000,
    range,
    rangeRaw: range.raw,
    scopedVars: {},
    targets: [query],
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

function App({ plugin, meta }: { plugin: Plugin; meta: DataSourcePluginMeta }) {
  const ConfigEditor = plugin.components.ConfigEditor!;
  const QueryEditor = plugin.components.QueryEditor!;
  const [settings, setSettings] = useState<Settings>({
    uid: 'lens',
    name: 'Anomaly Lens',
    type: meta.id,
    jsonData: {},
    secureJsonFields: {},
    secureJsonData: {},
  } as unknown as Settings);
  const [ds, setDs] = useState<DataSourceApi<AnomalyQuery, AnomalyOptions>>();
  const [tested, setTested] = useState<TestDataSourceResponse>();
  const [query, setQuery] = useState<AnomalyQuery>(INITIAL_QUERY);
  // The editor calls onChange then onRunQuery at once: runs must see the newest query, not the render's.
  const latest = useRef(INITIAL_QUERY);
  const runs = useRef(0);
  const [summary, setSummary] = useState<HarnessSummary>();

  const saveAndTest = async () => {
    // Like Grafana: settings are stored server-side; the browser keeps only "the key is configured".
    await window.fetch('/harness/settings', {
      method: 'POST',
      body: JSON.stringify({ jsonData: settings.jsonData, secureJsonData: settings.secureJsonData ?? {} }),
    });
    const keySet = Boolean(settings.secureJsonData?.apiKey) || Boolean(settings.secureJsonFields.apiKey);
    setSettings({ ...settings, secureJsonFields: { apiKey: keySet }, secureJsonData: {} });
    const instance = new plugin.DataSourceClass({
      id: 1,
      uid: 'lens',
      type: meta.id,
      name: 'Anomaly Lens',
      url: proxyPrefix('lens'),
      access: 'proxy',
      readOnly: false,
      jsonData: settings.jsonData,
      meta,
    });
    setDs(instance);
    setTested(await instance.testDatasource());
  };

  const run = async () => {
    const q = latest.current;
    if (!ds) return;
    const result = ds.query(request(q));
    const response = isObservable(result) ? await lastValueFrom(result) : await result;
    const frames = response.data as DataFrame[];
    const n = ++runs.current;
    drawFrames(
      document.getElementById('chart')!,
      frames,
      `Anomaly Lens: ${q.method} on ${q.source} — run ${n}`,
    );
    setSummary(summarize(frames, n));
  };

  return (
    <div style={{ padding: 16, width: 1240 }}>
      <GlobalStyles />
      <h2>Anomaly Lens plugin harness — dist/module.js loaded as AMD with Grafana&apos;s shared modules</h2>
      <Stack direction="column" gap={2}>
        <section>
          <ConfigEditor options={settings} onOptionsChange={setSettings} />
          <Stack direction="row" gap={2} alignItems="center">
            <Button id="save-test" onClick={saveAndTest}>
              Save &amp; test
            </Button>
            <span id="test-result" data-status={tested?.status}>
              {tested?.message}
            </span>
          </Stack>
        </section>
        {ds && (
          <section id="query-section">
            <QueryEditor
              datasource={ds}
              query={query}
              onChange={(q) => {
                latest.current = q;
                setQuery(q);
              }}
              onRunQuery={run}
              range={request(query).range}
            />
            <Button id="run-query" variant="secondary" onClick={run}>
              Refresh
            </Button>
          </section>
        )}
        <div id="chart" style={{ background: '#181b1f' }} />
        <pre id="summary" data-runs={summary?.runs ?? 0} style={{ display: 'none' }}>
          {summary ? JSON.stringify(summary) : ''}
        </pre>
      </Stack>
    </div>
  );
}

async function main(): Promise<void> {
  installGrafanaServices({
    backendSrv: browserBackendSrv(),
    datasources: [{ settings: waveSettings(), instance: waveDataSource() }],
  });
  const meta = (await (await window.fetch('/dist/plugin.json')).json()) as DataSourcePluginMeta;
  const { exports, deps } = await loadAmdModule('/dist/module.js', SHARED_MODULES);
  const plugin = (exports as { plugin: Plugin }).plugin;
  Object.assign(window, { harnessInfo: { amdDependencies: deps } });
  const view = new URLSearchParams(window.location.search).get('view');
  createRoot(document.getElementById('root')!).render(
    view === 'monitors' ? <MonitorsView plugin={plugin} meta={meta} /> : <App plugin={plugin} meta={meta} />,
  );
}

main().catch((error: Error) => {
  document.body.setAttribute('data-error', error.message);
  document.body.textContent = `harness failed: ${error.message}`;
});
