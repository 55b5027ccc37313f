import type { Anomaly } from '../contract/monitors';
import type { AlertmanagerConfig } from './config';
import { dashboardLink, deviationText, endedAt, isEnded, severityTier } from './describe';
import { request } from './transport';

/** Alertmanager API v2 `postableAlert`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export const ALERT_NAME = 'AnomalyLensAnomaly';

/**
 * Labels identify the alert, so they never change while the anomaly lives (Alertmanager keys an
 * alert by its label set): severity is the tier at opening, which the store never rewrites.
 * Labels without a value are left out, as Prometheus does.
 */
export function alertLabels(anomaly: Anomaly): Record<string, string> {
  const labels: Record<string, string> = {
    alertname: ALERT_NAME,
    type: anomaly.type,
    anomaly_id: anomaly.id,
    monitor: anomaly.monitor_id,
    severity: severityTier(anomaly.severity),
  };
  if (anomaly.org) labels.org = anomaly.org;
  if (anomaly.feature) labels.feature = anomaly.feature;
  return labels;
}

/**
 * An active anomaly is sent with `endsAt` a few intervals ahead (as Prometheus does), so if this
 * service stops re-sending, Alertmanager resolves it on its own; a finished one with its end time.
 */
export function toAlert(
  anomaly: Anomaly,
  now: number,
  intervalMs: number,
  dashboardUrl: string | null,
): PostableAlert {
  const link = dashboardLink(dashboardUrl, anomaly);
  const annotations: Record<string, string> = {
    summary: anomaly.summary,
    description: `${deviationText(anomaly)}; severity ${anomaly.severity}/100; status ${anomaly.status}`,
  };
  if (link) annotations.dashboard = link;
  // Alertmanager refuses an end before the start (a dismissal stamped the same instant it opened).
  const ends = isEnded(anomaly)
    ? Math.max(endedAt(anomaly), Date.parse(anomaly.detected_at))
    : now + 4 * intervalMs;
  return {
    labels: alertLabels(anomaly),
    annotations,
    startsAt: anomaly.detected_at,
    endsAt: new Date(ends).toISOString(),
    ...(link ? { generatorURL: link } : {}),
  };
}

/** POSTs alerts to `<url>/api/v2/alerts`; throws DeliveryFailure unless Alertmanager answers 2xx. */
export async function pushAlerts(
  config: AlertmanagerConfig,
  alerts: readonly PostableAlert[],
  timeoutMs: number,
): Promise<void> {
  if (alerts.length === 0) return;
  const base = config.url.endsWith('/') ? config.url : `${config.url}/`;
  await request({
    method: 'POST',
    url: new URL('api/v2/alerts', base).toString(),
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
    timeoutMs,
  });
}
