import {
  dateTime,
  makeTimeRange,
  rangeUtil,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { SeriesPoints } from '../api/backendTypes';
import type { AnomalyQuery } from '../types';
import { framesToSeries } from './framesToSeries';
import type { Window } from './trainingWindow';

/** Source queries never ask for more points than this over training + panel range. */
export const MAX_SOURCE_POINTS = 10_000;

/** One step for training and panel alike: windows and lags count points, so they must mean the same time. */
export function sourceIntervalMs(panelIntervalMs: number, window: Window): number {
  return Math.max(
    panelIntervalMs,
    Math.ceil((window.to - window.from) / MAX_SOURCE_POINTS / 1000) * 1000,
    1000,
  );
}

/** Runs the query of the chosen data source over `window`, the way a panel would, and reads its series. */
export async function runSourceQuery(
  request: DataQueryRequest<AnomalyQuery>,
  query: AnomalyQuery,
  window: Window,
  intervalMs: number,
): Promise<SeriesPoints[]> {
  const ds: DataSourceApi = await getDataSourceSrv().get(query.sourceDatasource, request.scopedVars);
  const range = makeTimeRange(dateTime(window.from), dateTime(window.to));
  const target: DataQuery = {
    ...(query.sourceQuery ?? {}),
    refId: query.refId,
    datasource: query.sourceDatasource,
  };
  const sub: DataQueryRequest<DataQuery> = {
    ...request,
    requestId: `${request.requestId}-${query.refId}-source`,
    targets: [target],
    range,
    rangeRaw: range.raw,
    intervalMs,
    interval: rangeUtil.secondsToHms(intervalMs / 1000),
    maxDataPoints: Math.ceil((window.to - window.from) / intervalMs),
  };
  const result = ds.query(sub) as Promise<DataQueryResponse> | Observable<DataQueryResponse>;
  const response = isObservable(result) ? await lastValueFrom(result) : await result;
  const error = response.error ?? response.errors?.[0];
  if (error)
    throw new Error(
      `the ${ds.name} query failed: ${error.message ?? error.data?.message ?? 'unknown error'}`,
    );
  return framesToSeries(response.data);
}
