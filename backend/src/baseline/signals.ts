import type { AnomalyType } from '../contract/monitors';
import type { EvalContext, Evaluation } from './evaluation';
import type { GroupSeries } from './groupSeries';
import { evaluateLevel } from './levelSignal';
import { evaluateModelDrift } from './modelDrift';
import { evaluateRate } from './rateSignal';
import { money } from './summary';

/** Cost per request of bucket i (NaN without requests): the gradual-drift signal and the summary's unit cost. */
export function costPerRequest(s: GroupSeries, i: number): number {
  return s.present[i] && s.requests[i] > 0 ? s.cost[i] / s.requests[i] : NaN;
}

/** The signal of each spike-type monitor against its baseline (gradual_drift has its own chart). */
export function evaluateSignal(type: AnomalyType, ctx: EvalContext): Evaluation | null {
  const s = ctx.series;
  switch (type) {
    case 'cost_spike': {
      const e = evaluateLevel(ctx, 'cost', (i) => (s.present[i] ? s.cost[i] : NaN), false);
      if (e) e.note = `${unitCost(ctx)} per request`;
      return e;
    }
    case 'latency_degradation':
      return evaluateLevel(ctx, 'latency_p95_log', (i) => (s.p95[i] > 0 ? Math.log(s.p95[i]) : NaN), true);
    case 'error_rate_spike':
      return evaluateRate(
        ctx,
        'error_rate',
        (i) => s.errors[i],
        (i) => (s.present[i] ? s.requests[i] : 0),
      );
    case 'traffic_anomaly':
      return evaluateLevel(ctx, 'requests', (i) => (s.present[i] ? s.requests[i] : NaN), false);
    case 'model_drift':
      return evaluateModelDrift(ctx);
    case 'metric_deviation': {
      const v = s.metric;
      return v ? evaluateLevel(ctx, 'metric', (i) => (s.present[i] ? v[i] : NaN), false) : null;
    }
    default:
      return null;
  }
}

/** "$0.42 → $1.87": the pooled cost per request of the baseline samples, then of this bucket. */
function unitCost(ctx: EvalContext): string {
  const s = ctx.series;
  let c = 0;
  let r = 0;
  for (let j = 0; j < ctx.samples.count; j++) {
    const i = ctx.samples.indices[j];
    c += s.cost[i];
    r += s.requests[i];
  }
  return `${money(r > 0 ? c / r : NaN)} → ${money(costPerRequest(s, ctx.t))}`;
}

/**
 * A feature's share of an org-level deviation, in an additive unit: excess cost or requests, or
 * requests × excess share (errors, mismatches, JS distance), or requests × log ratio (latency).
 */
export function additiveExcess(e: Evaluation, s: GroupSeries, t: number): number {
  if (e.channel === 'cost' || e.channel === 'requests') return e.observed - e.expected;
  const n = s.requests[t] || 0;
  if (e.channel === 'latency_p95_log') return n * Math.log(e.observed / e.expected);
  return n * (e.observed - e.expected);
}
