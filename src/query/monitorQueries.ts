import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import type { BackendClient } from '../api/backendClient';
import type { Anomaly, Monitor } from '../api/backendTypes';
import { anomalyFeedFrame } from '../frames/anomalyFeedFrame';
import { noticeFrame } from '../frames/detectionFrames';
import { monitorAnomaliesFrame, monitorSeriesFrames } from '../frames/monitorFrames';
import { monitorStatusFrame } from '../frames/monitorStatusFrame';
import type { AnomalyQuery } from '../types';
import { describeScope, monitorScope, type MonitorScope } from './monitorScope';
import type { Window } from './trainingWindow';

const DAY = 86_400_000;
/** The backend serves at most 7 days of a monitor's series per call. */
const MAX_SERIES_SPAN = 7 * DAY;
/** Monitors drawn by one Monitor query; narrow the org or feature for more. */
export const MAX_MONITORS_DRAWN = 50;
/** Anomalies detected this long before the panel are still read: they may reach into it. */
const LOOKBACK = 7 * DAY;

export interface MonitorQueryOptions {
  refId: string;
  range: Window;
  annotationsOnly: boolean;
  now: number;
}

/** The Monitor, Anomaly feed and Monitor status queries on the backend's baseline monitors. */
export class MonitorQueries {
  /** `proxyUrl`: the data source's proxy URL, for the feed's dismiss and accept actions. */
  constructor(
    private readonly client: BackendClient,
    private readonly proxyUrl: string,
  ) {}

  async run(query: AnomalyQuery, options: MonitorQueryOptions): Promise<DataFrame[]> {
    const scope = monitorScope(query);
    if (query.queryType === 'monitor_status')
      return [monitorStatusFrame(await this.monitors(scope), options.refId)];
    if (query.queryType === 'monitor' && !options.annotationsOnly) return this.monitorSeries(scope, options);
    const anomalies = await this.anomalies(scope, query.anomalyStatus, options.range);
    const frame =
      query.queryType === 'anomaly_feed' && !options.annotationsOnly
        ? anomalyFeedFrame(anomalies.data, options.refId, this.proxyUrl)
        : monitorAnomaliesFrame(anomalies.data, options.refId, options.now);
    frame.meta = {
      ...frame.meta,
      executedQueryString: `anomalies of ${describeScope(scope)}${query.anomalyStatus ? `, status ${query.anomalyStatus}` : ''}`,
      notices: anomalies.truncated
        ? [
            {
              severity: 'warning',
              text: 'more anomalies than one query reads: narrow the time range or the scope',
            },
          ]
        : [],
    };
    return [frame];
  }

  async monitors(scope: MonitorScope): Promise<Monitor[]> {
    if (scope.monitorId) return [await this.client.monitor(scope.monitorId)];
    return this.client.monitors({ org: scope.org, feature: scope.feature });
  }

  /** Anomalies that overlap the range: detected before its end and not resolved before its start. */
  private async anomalies(
    scope: MonitorScope,
    status: string | undefined,
    range: Window,
  ): Promise<{ data: Anomaly[]; truncated: boolean }> {
    const page = await this.client.anomalies({
      org: scope.org,
      feature: scope.feature,
      monitor: scope.monitorId,
      status: status?.replace(/\s+/g, ''),
      from: range.from - LOOKBACK,
      to: range.to,
    });
    const overlaps = (a: Anomaly) => a.resolved_at === null || Date.parse(a.resolved_at) >= range.from;
    return { data: page.data.filter(overlaps), truncated: page.truncated };
  }

  private async monitorSeries(scope: MonitorScope, options: MonitorQueryOptions): Promise<DataFrame[]> {
    const notices: QueryResultMetaNotice[] = [];
    const all = await this.monitors(scope);
    if (all.length === 0)
      return [noticeFrame(options.refId, `no monitors for ${describeScope(scope)}`, 'info')];
    const drawn = all.slice(0, MAX_MONITORS_DRAWN);
    if (all.length > drawn.length)
      notices.push({
        severity: 'warning',
        text: `${all.length} monitors match: drawing the first ${drawn.length}; choose an org and feature`,
      });
    const to = Math.min(options.range.to, options.now);
    const from = Math.max(options.range.from, to - MAX_SERIES_SPAN);
    if (from > options.range.from)
      notices.push({
        severity: 'info',
        text: 'monitor series span at most 7 days: showing the last 7 days of the range',
      });
    if (!(from < to)) return [noticeFrame(options.refId, 'the time range is in the future', 'info')];
    const frames: DataFrame[] = [];
    const anomalies = new Map<string, Anomaly>();
    const reports = await Promise.all(
      drawn.map((m) =>
        this.client.monitorSeries(m.id, from, to).then(
          (report) => ({ m, report }),
          (error: Error) => ({ m, error }),
        ),
      ),
    );
    for (const r of reports) {
      if ('error' in r) {
        notices.push({ severity: 'warning', text: `monitor ${r.m.id}: ${r.error.message}` });
        continue;
      }
      frames.push(...monitorSeriesFrames(r.m, r.report, options.refId));
      for (const a of r.report.anomalies) anomalies.set(a.id, a);
      if (r.m.status !== 'active')
        notices.push({
          severity: 'info',
          text: `monitor ${r.m.id} is ${r.m.status.replace('_', ' ')}${r.m.reason ? `: ${r.m.reason}` : ''}${r.m.eta ? ` (active at ${r.m.eta})` : ''}`,
        });
    }
    frames.push(monitorAnomaliesFrame([...anomalies.values()], options.refId, options.now));
    frames[0].meta = {
      ...frames[0].meta,
      executedQueryString: `series of ${drawn.length} monitor(s) of ${describeScope(scope)}, ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`,
      notices,
    };
    return frames;
  }
}
