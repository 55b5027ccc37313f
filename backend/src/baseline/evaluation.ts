import { BUCKET_MS, type MonitorOptions } from '../contract/monitors';
import type { EngineConfig, SignalName } from './config';
import type { GroupSeries } from './groupSeries';
import type { SlotSamples } from './slots';

/** What one check found for one bucket of one monitor (values in the signal's natural units). */
export interface Evaluation {
  /** Start of the evaluated bucket (epoch ms). */
  bucket: number;
  /** The signal that decided (cost_spike: total cost; latency: p95 in ms; rates: shares). */
  channel: SignalName;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  /** σ_eff in the compared scale (log scale for latency). */
  sigma: number;
  /** Signed deviation in σ_eff. */
  z: number;
  /** Signed relative change of observed vs expected (latency: ratio − 1). */
  relChange: number;
  deviating: boolean;
  direction: 'up' | 'down';
  slot: string;
  samples: number;
  /** Extra facts for the summary, e.g. "$0.42 → $1.87 per request". */
  note: string;
}

/** Everything a signal evaluation reads; scratch buffers are reused across checks. */
export interface EvalContext {
  readonly series: GroupSeries;
  /** Index of the evaluated bucket. */
  readonly t: number;
  /** First index the baseline may use. */
  readonly lo: number;
  /** False for buckets kept out of the baseline (dismissed, open anomaly, …). */
  readonly included: (i: number) => boolean;
  readonly config: EngineConfig;
  readonly options: MonitorOptions;
  readonly allowUp: boolean;
  readonly allowDown: boolean;
  /** Log-scale level correction of level signals (0 = none; see levelTracker.ts). */
  readonly levelShift: number;
  readonly samples: SlotSamples;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

export function bucketStart(ctx: EvalContext): number {
  return ctx.series.start + ctx.t * BUCKET_MS;
}

/** Applies the k·σ_eff and minimum-relative-change rules in the allowed directions. */
export function decide(
  ctx: EvalContext,
  z: number,
  relChange: number,
): { deviating: boolean; direction: 'up' | 'down' } {
  const k = ctx.options.sensitivity;
  const m = ctx.options.min_relative_change;
  if (ctx.allowUp && z > k && relChange >= m) return { deviating: true, direction: 'up' };
  if (ctx.allowDown && z < -k && relChange <= -m) return { deviating: true, direction: 'down' };
  return { deviating: false, direction: z >= 0 ? 'up' : 'down' };
}
