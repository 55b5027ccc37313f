import { createDataFrame, DataTopic, FieldType, type DataFrame, type FieldConfig } from '@grafana/data';
import type { Anomaly, Monitor, MonitorSeriesReport } from '../api/backendTypes';
import { ANOMALY_COLOR, BAND_COLOR, seriesLabel } from './detectionFrames';

/** The signal's unit (see MonitorSnapshot in the backend contract: latency in ms, rates as shares). */
const UNITS: Partial<Record<Monitor['type'], string>> = {
  latency_degradation: 'ms',
  error_rate_spike: 'percentunit',
  model_drift: 'percentunit',
};

/** A monitor's name in legends and tables: its own name, else type, org and feature. */
export function monitorLabel(m: Pick<Monitor, 'name' | 'type' | 'org' | 'feature'>): string {
  if (m.name) return m.name;
  const where = [m.org ?? 'all orgs', m.feature].filter(Boolean).join('/');
  return `${m.type} ${where}`;
}

/** Where an anomaly happened, for titles: org/feature, or just the org for org-level monitors. */
export function anomalyScope(a: Pick<Anomaly, 'org' | 'feature'>): string {
  return [a.org ?? 'all orgs', a.feature].filter(Boolean).join('/');
}

function identity(m: Monitor, extra: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = { monitor: m.id, type: m.type, ...extra };
  if (m.org) labels.org = m.org;
  if (m.feature) labels.feature = m.feature;
  return labels;
}

const value = (name: string, values: number[], labels: Record<string, string>, config: FieldConfig) => ({
  name,
  type: FieldType.number,
  values,
  labels,
  config: { displayNameFromDS: name, ...config },
});

/**
 * One frame per watched series of a monitor: observed, expected (dashed) and the band, drawn by the
 * time-series panel as the upper line filled down to the lower one (`custom.fillBelowTo`).
 */
export function monitorSeriesFrames(
  monitor: Monitor,
  report: MonitorSeriesReport,
  refId: string,
): DataFrame[] {
  const unit = UNITS[monitor.type];
  const base = monitorLabel(monitor);
  const bandLine = { lineWidth: 0, fillOpacity: 0, hideFrom: { legend: true, tooltip: false, viz: false } };
  return report.series.map((s) => {
    const label = s.labels ? seriesLabel(base, s.labels) : base;
    const labels = identity(monitor, s.labels);
    const col = (pick: (p: (typeof s.points)[number]) => number) => s.points.map(pick);
    const common = unit ? { unit } : {};
    return createDataFrame({
      refId,
      name: label,
      fields: [
        { name: 'time', type: FieldType.time, values: col((p) => Date.parse(p.t)), config: {} },
        value(
          label,
          col((p) => p.observed),
          labels,
          { ...common },
        ),
        value(
          `${label} expected`,
          col((p) => p.expected),
          labels,
          {
            ...common,
            color: { mode: 'fixed', fixedColor: BAND_COLOR },
            custom: { lineStyle: { fill: 'dash', dash: [10, 10] }, lineWidth: 1 },
          },
        ),
        value(
          `${label} upper`,
          col((p) => p.upper),
          labels,
          {
            ...common,
            color: { mode: 'fixed', fixedColor: BAND_COLOR },
            custom: { ...bandLine, fillBelowTo: `${label} lower`, fillOpacity: 20 },
          },
        ),
        value(
          `${label} lower`,
          col((p) => p.lower),
          labels,
          {
            ...common,
            color: { mode: 'fixed', fixedColor: BAND_COLOR },
            custom: bandLine,
          },
        ),
      ],
    });
  });
}

const STATUS_COLORS: Partial<Record<Anomaly['status'], string>> = {
  dismissed: '#8E8E8E',
  accepted: '#5794F2',
  resolved: '#FF9830',
};

/**
 * Anomalies as annotation events (regions from detection to resolution, or to `now` while open),
 * which the time-series panel draws as markers and dashboard annotation queries show on any panel.
 */
export function monitorAnomaliesFrame(anomalies: Anomaly[], refId: string, now: number): DataFrame {
  const end = (a: Anomaly) => Date.parse(a.resolved_at ?? '') || Math.max(Date.parse(a.last_seen), now);
  const column = <T>(name: string, type: FieldType, get: (a: Anomaly) => T) => ({
    name,
    type,
    values: anomalies.map(get),
    config: {},
  });
  return createDataFrame({
    refId,
    name: 'anomalies',
    meta: { dataTopic: DataTopic.Annotations },
    fields: [
      column('time', FieldType.time, (a) => Date.parse(a.detected_at)),
      column('timeEnd', FieldType.time, end),
      column(
        'title',
        FieldType.string,
        (a) => `${a.direction === 'up' ? '▲' : '▼'} ${a.type} in ${anomalyScope(a)}`,
      ),
      column(
        'text',
        FieldType.string,
        (a) => `${a.summary} — ${a.status}, severity ${a.severity}, ${a.deviation_sigma.toFixed(1)}σ`,
      ),
      column('tags', FieldType.other, (a) =>
        ['anomaly', a.type, a.org ?? '', a.feature ?? '', a.status].filter(Boolean),
      ),
      column('color', FieldType.string, (a) => STATUS_COLORS[a.status] ?? ANOMALY_COLOR),
      column('isRegion', FieldType.boolean, () => true),
      column('id', FieldType.string, (a) => a.id),
    ],
  });
}
