import { BUCKET_MS, type Anomaly, type AnomalyType } from '../contract/monitors';
import type { Evaluation } from './evaluation';
import { scopeOf, summarize } from './summary';

export interface MonitorRef {
  id: string;
  type: AnomalyType;
  org: string;
  feature: string | null;
  /** How the summary names what is watched (default "in feature …" / "in org …"). */
  scope?: string;
  /** What the summary calls the value of a `metric_deviation` (default "value"). */
  subject?: string;
}

/**
 * Severity 0–100 at opening, from how far past the threshold the check was (|z| over k) and how
 * large the change is (log of the ratio): 100·(1 − exp(−(0.5·max(0, |z|−k)/k + 0.7·ln(1 + |rel|)))).
 * A 25% change just past the threshold is ~15; a 4× change at 8σ is ~85.
 */
export function severityOf(e: Evaluation, k: number, type: AnomalyType): number {
  const zPart = type === 'gradual_drift' ? 0.25 : (0.5 * Math.max(0, Math.abs(e.z) - k)) / k;
  const rel = Number.isFinite(e.relChange) ? Math.abs(e.relChange) : 10;
  const s = 100 * (1 - Math.exp(-(zPart + 0.7 * Math.log1p(rel))));
  return Math.max(1, Math.min(100, Math.round(s)));
}

const iso = (t: number): string => new Date(t).toISOString();

/** A new anomaly from the check that opened it; the id is stable (monitor + first deviating bucket). */
export function openAnomaly(
  m: MonitorRef,
  e: Evaluation,
  detectedBucket: number,
  k: number,
  contributors: { feature: string; share: number }[],
): Anomaly {
  const end = e.bucket + BUCKET_MS;
  return {
    id: `${m.id}:${detectedBucket}`,
    monitor_id: m.id,
    type: m.type,
    org: m.org,
    feature: m.feature,
    direction: e.direction,
    status: 'open',
    expected: e.expected,
    observed: e.observed,
    deviation_sigma: e.z,
    deviation_pct: Number.isFinite(e.relChange) ? e.relChange * 100 : 0,
    severity: severityOf(e, k, m.type),
    detected_at: iso(detectedBucket),
    last_seen: iso(end),
    resolved_at: null,
    duration_seconds: (end - detectedBucket) / 1000,
    baseline_slot: e.slot,
    baseline_samples: e.samples,
    top_contributors: contributors,
    summary: summarize(m.type, e, m.scope ?? scopeOf(m.org, m.feature), m.subject),
    history: [{ at: iso(end), status: 'open' }],
  };
}
