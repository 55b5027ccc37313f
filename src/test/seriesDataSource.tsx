import {
  createDataFrame,
  DataSourceApi,
  FieldType,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourcePluginMeta,
  type QueryEditorProps,
} from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { InlineField, Input } from '@grafana/ui';
import React from 'react';

/** The query of the stand-in "other" data source: a daily wave plus one spike at `spikeAt`. */
export interface WaveQuery extends DataQuery {
  series?: string;
  /** Epoch ms of an injected spike (0 = none) and its height. */
  spikeAt?: number;
  spikeHeight?: number;
}

export const WAVE_STEP_MS = 60_000;

/** Deterministic noise in [-0.5, 0.5) from the timestamp, so every query sees the same points. */
function noise(t: number): number {
  const x = Math.sin((t / 60_000) * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

export function waveValue(t: number, query: WaveQuery): number {
  const spike =
    query.spikeAt && Math.abs(t - query.spikeAt) < WAVE_STEP_MS / 2 ? (query.spikeHeight ?? 30) : 0;
  return 50 + 10 * Math.sin((2 * Math.PI * t) / 86_400_000) + 2 * noise(t) + spike;
}

/**
 * A real, minimal DataSourceApi standing in for "another data source" (Prometheus, …): it answers
 * queries on a grid aligned to the request's interval, as metric data sources do, and records them.
 */
export class WaveDataSource extends DataSourceApi<WaveQuery> {
  readonly requests: Array<DataQueryRequest<WaveQuery>> = [];

  override async query(request: DataQueryRequest<WaveQuery>): Promise<DataQueryResponse> {
    this.requests.push(request);
    const step = Math.max(WAVE_STEP_MS, request.intervalMs);
    const from = Math.ceil(request.range.from.valueOf() / step) * step;
    const to = request.range.to.valueOf();
    const data = request.targets.map((target) => {
      const times: number[] = [];
      const values: number[] = [];
      for (let t = from; t <= to; t += step) {
        times.push(t);
        values.push(waveValue(t, target));
      }
      return createDataFrame({
        refId: target.refId,
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          {
            name: 'value',
            type: FieldType.number,
            values,
            labels: { series: target.series ?? 'wave' },
            config: { displayNameFromDS: target.series ?? 'wave' },
          },
        ],
      });
    });
    return { data };
  }

  override async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

export function WaveQueryEditor({
  query,
  onChange,
  onRunQuery,
}: QueryEditorProps<DataSourceApi<WaveQuery>, WaveQuery>) {
  return (
    <InlineField label="Series name" htmlFor="wave-series">
      <Input
        id="wave-series"
        value={query.series ?? ''}
        onChange={(e) => onChange({ ...query, series: e.currentTarget.value })}
        onBlur={onRunQuery}
      />
    </InlineField>
  );
}

export function waveSettings(uid = 'wave'): DataSourceInstanceSettings {
  const meta = {
    id: 'test-wave-datasource',
    name: 'Wave',
    type: 'datasource',
    metrics: true,
    module: '',
    baseUrl: '',
    info: {
      logos: { small: '', large: '' },
      author: { name: '' },
      description: '',
      links: [],
      screenshots: [],
      updated: '',
      version: '',
    },
  } as unknown as DataSourcePluginMeta;
  return { id: 2, uid, type: meta.id, name: 'Wave', meta, jsonData: {}, access: 'proxy', readOnly: false };
}

export function waveDataSource(uid = 'wave'): WaveDataSource {
  const ds = new WaveDataSource(waveSettings(uid));
  ds.components = { QueryEditor: WaveQueryEditor };
  return ds;
}
