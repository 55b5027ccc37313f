import type { Anomaly } from '../contract/monitors';

export type SeverityTier = 'info' | 'warning' | 'critical';

/** Severity 0–100 as the tier routing and paging policies key on: ≥ 70 critical, ≥ 40 warning. */
export function severityTier(severity: number): SeverityTier {
  if (severity >= 70) return 'critical';
  if (severity >= 40) return 'warning';
  return 'info';
}

/** Where an anomaly is, for one-line texts: `acme/chat`, or `acme` for an org-level monitor. */
export function scopeOf(anomaly: Anomaly): string {
  return [anomaly.org, anomaly.feature].filter((part) => part !== null).join('/') || 'all orgs';
}

/** "observed 1.87 vs expected 0.42 (+345%, 5.1σ)". */
export function deviationText(anomaly: Anomaly): string {
  const pct = `${anomaly.deviation_pct >= 0 ? '+' : ''}${round(anomaly.deviation_pct)}%`;
  return `observed ${round(anomaly.observed)} vs expected ${round(anomaly.expected)} (${pct}, ${round(anomaly.deviation_sigma)}σ)`;
}

const round = (x: number): number => Number(x.toPrecision(3));

/** When a finished anomaly ended (ms): its resolution, else its last status change. */
export function endedAt(anomaly: Anomaly): number {
  if (anomaly.resolved_at) return Date.parse(anomaly.resolved_at);
  const last = anomaly.history[anomaly.history.length - 1];
  return Date.parse(last?.at ?? anomaly.last_seen);
}

export const ENDED_STATUSES: readonly Anomaly['status'][] = ['resolved', 'dismissed', 'accepted'];
export const ACTIVE_STATUSES: readonly Anomaly['status'][] = ['open', 'ongoing', 'recovering'];

export const isEnded = (anomaly: Anomaly): boolean => ENDED_STATUSES.includes(anomaly.status);

/** The dashboard link with the anomaly's org and feature as template variables and a window around it. */
export function dashboardLink(base: string | null, anomaly: Anomaly): string | null {
  if (!base) return null;
  const url = new URL(base);
  if (anomaly.org) url.searchParams.set('var-org', anomaly.org);
  if (anomaly.feature) url.searchParams.set('var-feature', anomaly.feature);
  const detected = Date.parse(anomaly.detected_at);
  url.searchParams.set('from', String(detected - 6 * 3_600_000));
  url.searchParams.set('to', isEnded(anomaly) ? String(endedAt(anomaly) + 3_600_000) : 'now');
  return url.toString();
}
