import {
  type DataFrame,
  type DataQueryRequest,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourcePluginMeta,
  dateTime,
  makeTimeRange,
} from '@grafana/data';
import { Button, GlobalStyles } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { isObservable, lastValueFrom } from 'rxjs';
import { proxyPrefix } from '../../../src/test/routeProxy';
import type { AnomalyOptions, AnomalyQuery } from '../../../src/types';
import { runRowAction } from './actions';
import { drawFrames } from './chart';

type Lens = DataSourceApi<AnomalyQuery, AnomalyOptions>;

/** What the browser test reads back from the monitors page. */
export interface MonitorsSummary {
  runs: number;
  monitorFrames: Array<{
    name?: string;
    fields: Array<{ name: string; fillBelowTo?: string; length: number }>;
    topic?: string;
    rows?: number;
  }>;
  feed: Array<Record<string, unknown>>;
  actions: string[];
  lastAction?: { title: string; status: number; body: unknown };
}

function request(query: AnomalyQuery, from: number, to: number): DataQueryRequest<AnomalyQuery> {
  const range = makeTimeRange(dateTime(from), dateTime(to));
  return {
    requestId: `monitors-${Date.now()}`,
    interval: '5m',
    intervalMs: 300_000,
    range,
    rangeRaw: range.raw,
    scopedVars: {},
    targets: [query],
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

async function run(ds: Lens, query: AnomalyQuery, from: number, to: number): Promise<DataFrame[]> {
  const result = ds.query(request(query, from, to));
  const response = isObservable(result) ? await lastValueFrom(result) : await result;
  return response.data as DataFrame[];
}

const cell = (frame: DataFrame, row: number, name: string) =>
  frame.fields.find((f) => f.name === name)?.values[row];

/**
 * `/?view=monitors&monitor=<id>&org=&feature=`: a Monitor query drawn as the time-series panel
 * would, and the Anomaly feed as a table whose rows carry the frame's actions as buttons.
 */
export function MonitorsView({
  plugin,
  meta,
}: {
  plugin: { DataSourceClass: new (s: DataSourceInstanceSettings<AnomalyOptions>) => Lens };
  meta: DataSourcePluginMeta;
}) {
  const params = new URLSearchParams(window.location.search);
  const to = Date.now();
  const from = to - 6 * 3_600_000;
  const [ds] = useState<Lens>(
    () =>
      new plugin.DataSourceClass({
        id: 1,
        uid: 'lens',
        type: meta.id,
        name: 'Anomaly Lens',
        url: proxyPrefix('lens'),
        access: 'proxy',
        readOnly: false,
        jsonData: {},
        meta,
      } as DataSourceInstanceSettings<AnomalyOptions>),
  );
  const [feed, setFeed] = useState<DataFrame>();
  const [summary, setSummary] = useState<MonitorsSummary>();
  const [runs, setRuns] = useState(0);

  const refresh = async (lastAction?: MonitorsSummary['lastAction']) => {
    const scope = { org: params.get('org') ?? '', feature: params.get('feature') ?? '' };
    const monitor = await run(
      ds,
      { refId: 'A', queryType: 'monitor', ...scope, monitorId: params.get('monitor') ?? '' },
      from,
      to,
    );
    drawFrames(document.getElementById('chart')!, monitor, 'Monitor query: cost_spike acme/chat');
    const [table] = await run(
      ds,
      { refId: 'B', queryType: 'anomaly_feed', ...scope, monitorId: '' },
      from,
      to,
    );
    setFeed(table);
    const n = runs + 1;
    setRuns(n);
    setSummary({
      runs: n,
      monitorFrames: monitor.map((f) => ({
        name: f.name,
        topic: f.meta?.dataTopic,
        rows: f.length,
        fields: f.fields.map((x) => ({
          name: x.config.displayNameFromDS ?? x.name,
          fillBelowTo: x.config.custom?.fillBelowTo,
          length: x.values.length,
        })),
      })),
      feed: Array.from({ length: table.length }, (_, i) =>
        Object.fromEntries(table.fields.map((f) => [f.name, f.values[i]])),
      ),
      actions: (table.fields[0]?.config.actions ?? []).map(
        (a) => `${a.title} ${a.fetch?.method} ${a.fetch?.url}`,
      ),
      lastAction,
    });
  };

  useEffect(() => {
    refresh().catch((error: Error) => document.body.setAttribute('data-error', error.message));
  }, []);

  const columns = feed?.fields.map((f) => f.name) ?? [];
  return (
    <div style={{ padding: 16, width: 1240 }}>
      <GlobalStyles />
      <h2>Anomaly Lens monitors — dist/module.js against the live backend</h2>
      <div id="chart" style={{ background: '#181b1f' }} />
      <h3>Anomaly feed</h3>
      <table id="feed" style={{ borderCollapse: 'collapse', fontSize: 12 }}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} style={{ textAlign: 'left', padding: '4px 8px', borderBottom: '1px solid #444' }}>
                {c}
              </th>
            ))}
            <th>actions</th>
          </tr>
        </thead>
        <tbody>
          {feed &&
            Array.from({ length: feed.length }, (_, row) => (
              <tr key={String(cell(feed, row, 'id'))} data-id={String(cell(feed, row, 'id'))}>
                {feed.fields.map((f) => (
                  <td key={f.name} style={{ padding: '4px 8px', maxWidth: 320 }}>
                    {f.type === 'time'
                      ? new Date(f.values[row] as number).toISOString()
                      : typeof f.values[row] === 'number'
                        ? Number(f.values[row]).toFixed(2)
                        : String(f.values[row])}
                  </td>
                ))}
                <td style={{ whiteSpace: 'nowrap' }}>
                  {(feed.fields[0].config.actions ?? []).map((action) => (
                    <Button
                      key={action.title}
                      size="sm"
                      className={`action-${action.title.split(' ')[0].toLowerCase()}`}
                      style={{ marginRight: 4, background: action.style?.backgroundColor }}
                      onClick={async () => {
                        const result = await runRowAction(action, feed, row);
                        await refresh({ title: action.title, ...result });
                      }}
                    >
                      {action.title}
                    </Button>
                  ))}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {summary?.lastAction && (
        <p id="action-result">
          {summary.lastAction.title}: HTTP {summary.lastAction.status}
        </p>
      )}
      <pre id="summary" data-runs={summary?.runs ?? 0} style={{ display: 'none' }}>
        {summary ? JSON.stringify(summary) : ''}
      </pre>
    </div>
  );
}
