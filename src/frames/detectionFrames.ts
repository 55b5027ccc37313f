import {
  createDataFrame,
  DataTopic,
  FieldType,
  ThresholdsMode,
  type DataFrame,
  type FieldConfig,
  type QueryResultMetaNotice,
} from '@grafana/data';
import type { Detection, Region, SeriesResult } from '../api/backendTypes';

export const ANOMALY_COLOR = '#F2495C';
export const BAND_COLOR = '#8AB8FF';

export function seriesLabel(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).filter((k) => k !== '__name__');
  if (keys.length === 0) return name;
  return `${name}{${keys
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(', ')}}`;
}

const time = (values: number[]) => ({ name: 'time', type: FieldType.time, values, config: {} });

function numberField(
  name: string,
  values: Array<number | null>,
  labels: Record<string, string>,
  config: FieldConfig,
) {
  return { name, type: FieldType.number, values, labels, config: { displayNameFromDS: name, ...config } };
}

function observedFrame(s: SeriesResult, refId: string): DataFrame {
  const label = seriesLabel(s.name, s.labels);
  return createDataFrame({
    refId,
    name: label,
    fields: [time(s.timestamps), numberField(label, s.values, s.labels, {})],
  });
}

/** Expected value with its band: the upper line fills down to the lower one. */
function bandFrame(s: SeriesResult, refId: string): DataFrame | undefined {
  if (!s.expected || !s.upper || !s.lower) return undefined;
  const label = seriesLabel(s.name, s.labels);
  const line = { lineWidth: 0, fillOpacity: 0 };
  return createDataFrame({
    refId,
    name: `${label} band`,
    fields: [
      time(s.timestamps),
      numberField(`${label} expected`, s.expected, s.labels, {
        color: { mode: 'fixed', fixedColor: BAND_COLOR },
        custom: { lineStyle: { fill: 'dash', dash: [10, 10] }, lineWidth: 1 },
      }),
      numberField(`${label} upper`, s.upper, s.labels, {
        color: { mode: 'fixed', fixedColor: BAND_COLOR },
        custom: {
          ...line,
          fillBelowTo: `${label} lower`,
          fillOpacity: 20,
          hideFrom: { legend: true, tooltip: false, viz: false },
        },
      }),
      numberField(`${label} lower`, s.lower, s.labels, {
        color: { mode: 'fixed', fixedColor: BAND_COLOR },
        custom: { ...line, hideFrom: { legend: true, tooltip: false, viz: false } },
      }),
    ],
  });
}

/** The anomaly score on a right-hand axis, with the threshold drawn as a dashed line. */
function scoreFrame(s: SeriesResult, label: string, refId: string, normalized: boolean): DataFrame {
  return createDataFrame({
    refId,
    name: `${label} score`,
    fields: [
      time(s.timestamps),
      numberField(`${label} score`, s.score, s.labels, {
        ...(normalized ? { min: 0, max: 1 } : {}),
        color: { mode: 'fixed', fixedColor: 'orange' },
        thresholds: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'transparent' },
            { value: s.threshold, color: ANOMALY_COLOR },
          ],
        },
        custom: {
          axisPlacement: 'right',
          axisLabel: 'anomaly score',
          lineWidth: 1,
          thresholdsStyle: { mode: 'dashed' },
        },
      }),
    ],
  });
}

/** Anomaly regions as annotation events, which the time-series panel draws as markers. */
export function anomalyFrame(regions: Region[], refId: string, method: string): DataFrame {
  const arrow = (r: Region) => (r.direction === 'up' ? '▲' : '▼');
  return createDataFrame({
    refId,
    name: 'anomalies',
    meta: { dataTopic: DataTopic.Annotations },
    fields: [
      { name: 'time', type: FieldType.time, values: regions.map((r) => r.start), config: {} },
      { name: 'timeEnd', type: FieldType.time, values: regions.map((r) => r.end), config: {} },
      {
        name: 'title',
        type: FieldType.string,
        values: regions.map((r) => `${arrow(r)} anomaly in ${seriesLabel(r.series, r.labels)}`),
        config: {},
      },
      {
        name: 'text',
        type: FieldType.string,
        values: regions.map((r) => `${r.explanation} (peak score ${r.score.toFixed(3)})`),
        config: {},
      },
      {
        name: 'tags',
        type: FieldType.other,
        values: regions.map((r) => ['anomaly', r.direction, r.series, method]),
        config: {},
      },
      { name: 'color', type: FieldType.string, values: regions.map(() => ANOMALY_COLOR), config: {} },
      { name: 'isRegion', type: FieldType.boolean, values: regions.map((r) => r.end > r.start), config: {} },
    ],
  });
}

export interface FrameOptions {
  refId: string;
  annotationsOnly: boolean;
  normalized: boolean;
  executedQueryString: string;
  notices: QueryResultMetaNotice[];
}

/** Observed series, bands, scores and anomaly events; notices and the executed query ride on the first frame. */
export function detectionFrames(detection: Detection, options: FrameOptions): DataFrame[] {
  const { refId } = options;
  const events = anomalyFrame(detection.regions, refId, detection.meta.method);
  const frames: DataFrame[] = [];
  if (!options.annotationsOnly) {
    for (const s of detection.series) {
      frames.push(observedFrame(s, refId));
      const band = bandFrame(s, refId);
      if (band) frames.push(band);
    }
    const joint = detection.meta.mode === 'multivariate';
    const scored = joint ? detection.series.slice(0, 1) : detection.series;
    for (const s of scored) {
      frames.push(
        scoreFrame(s, joint ? 'multivariate' : seriesLabel(s.name, s.labels), refId, options.normalized),
      );
    }
  }
  frames.push(events);
  const { meta } = detection;
  frames[0].meta = {
    ...frames[0].meta,
    executedQueryString: options.executedQueryString,
    notices: [...options.notices, ...meta.notices],
    custom: {
      modelKey: meta.model_key,
      modelStatus: meta.model_status,
      fitted: meta.fitted,
      reused: meta.reused,
      method: meta.method,
    },
  };
  return frames;
}

/** A frame that only carries a message: how a failed query shows up in the panel. */
export function noticeFrame(
  refId: string,
  text: string,
  severity: QueryResultMetaNotice['severity'] = 'error',
): DataFrame {
  return createDataFrame({
    refId,
    name: 'anomaly lens',
    fields: [],
    meta: { notices: [{ severity, text }] },
  });
}
