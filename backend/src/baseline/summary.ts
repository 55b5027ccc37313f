import type { AnomalyType } from '../contract/monitors';
import type { Evaluation } from './evaluation';

function money(x: number): string {
  if (!Number.isFinite(x)) return '$?';
  return Math.abs(x) >= 1 ? `$${x.toFixed(2)}` : `$${Number(x.toPrecision(2))}`;
}

const num = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : String(Number(x.toPrecision(3))));
const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
const times = (r: number): string => `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;

export function scopeOf(org: string | null, feature: string | null): string {
  return feature !== null ? `in feature ${feature}` : `in org ${org ?? '?'}`;
}

/**
 * The one-line human summary of an anomaly at its opening, e.g.
 * "cost 4.4× above its 7-day baseline ($0.42 → $1.87 per request) in feature chat".
 */
export function summarize(type: AnomalyType, e: Evaluation, scope: string, subject = 'value'): string {
  const ratio = e.expected !== 0 ? e.observed / e.expected : Infinity;
  const updown = e.direction === 'up' ? 'above' : 'below';
  switch (type) {
    case 'cost_spike':
      return `cost ${times(ratio)} ${updown} its 7-day baseline (${e.note}) ${scope}`;
    case 'latency_degradation':
      return `p95 latency ${times(ratio)} typical (${Math.round(e.expected)} ms → ${Math.round(e.observed)} ms) ${scope}`;
    case 'error_rate_spike':
      return `error rate ${pct(e.observed)} vs ${pct(e.expected)} typical (${e.note}) ${scope}`;
    case 'traffic_anomaly':
      return e.direction === 'up'
        ? `traffic ${times(ratio)} above its 7-day baseline (${Math.round(e.expected)} → ${Math.round(e.observed)} requests per 5 min) ${scope}`
        : `traffic ${pct(1 - ratio)} below its 7-day baseline (${Math.round(e.expected)} → ${Math.round(e.observed)} requests per 5 min) ${scope}`;
    case 'model_drift':
      return e.channel === 'mismatch_share'
        ? `model drift: ${pct(e.observed)} of requests served by another model than requested (typical ${pct(e.expected)}; ${e.note}) ${scope}`
        : `model drift: model mix moved, JS distance ${e.observed.toFixed(2)} from the 7-day mix (typical ${e.expected.toFixed(2)}; ${e.note}) ${scope}`;
    case 'gradual_drift':
      return `cost per request ${e.note} (${money(e.expected)} → ${money(e.observed)}) ${scope}`;
    case 'metric_deviation':
      return `${subject} ${Number.isFinite(ratio) && ratio > 0 ? `${times(ratio)} ` : ''}${updown} its 7-day baseline (${num(e.expected)} → ${num(e.observed)}) ${scope}`;
  }
}

export { money };
