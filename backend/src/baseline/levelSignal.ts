import type { SignalName } from './config';
import { bucketStart, decide, type EvalContext, type Evaluation } from './evaluation';
import { classicLocationScale, effectiveSigma, predictiveSpread, robustLocationScale } from './robust';
import { collectSlot } from './slots';

/**
 * A per-bucket level signal (total cost, request count, log p95) against its baseline: expected =
 * slot median (classic: 7-day mean), σ = 1.4826·MAD (classic: std), floored; NaN = no data.
 * `log`: compared on a log scale, reported in natural units (expected = exp of the log median).
 */
export function evaluateLevel(
  ctx: EvalContext,
  channel: SignalName,
  value: (i: number) => number,
  log: boolean,
): Evaluation | null {
  const x = value(ctx.t);
  if (!Number.isFinite(x)) return null;
  const usable = (i: number): boolean => ctx.included(i) && Number.isFinite(value(i));
  const s = ctx.samples;
  const classic = ctx.options.baseline === 'classic';
  collectSlot(ctx.series, ctx.t, ctx.lo, usable, ctx.config, classic, s);
  if (s.count === 0) return null;
  for (let j = 0; j < s.count; j++) ctx.a[j] = value(s.indices[j]);
  const loc = classic ? classicLocationScale(ctx.a, s.count) : robustLocationScale(ctx.a, s.count, ctx.b);
  // The slot median moved to the series' current level (a sub-threshold shift, levelTracker.ts).
  const center = log ? loc.center + ctx.levelShift : loc.center * Math.exp(ctx.levelShift);
  const spread = log ? loc.spread : loc.spread * Math.exp(ctx.levelShift);
  const f = ctx.config.floors[channel];
  const sigma = effectiveSigma(classic ? spread : predictiveSpread(spread, s.count), center, f.abs, f.rel);
  const z = (x - center) / sigma;
  const k = ctx.options.sensitivity;
  const relChange = log
    ? Math.exp(x - center) - 1
    : center !== 0
      ? (x - center) / Math.abs(center)
      : x > 0
        ? Infinity
        : x < 0
          ? -Infinity
          : 0;
  const d = decide(ctx, z, relChange);
  const nat = (v: number): number => (log ? Math.exp(v) : v);
  return {
    bucket: bucketStart(ctx),
    channel,
    observed: nat(x),
    expected: nat(center),
    // Cost and request counts are never negative: the band stops at zero (metrics may be negative).
    lower: channel === 'metric' ? nat(center - k * sigma) : Math.max(0, nat(center - k * sigma)),
    upper: nat(center + k * sigma),
    sigma,
    z,
    relChange,
    deviating: d.deviating,
    direction: d.direction,
    slot: s.label,
    samples: s.count,
    note:
      ctx.levelShift !== 0
        ? `level ${ctx.levelShift > 0 ? '+' : ''}${((Math.exp(ctx.levelShift) - 1) * 100).toFixed(0)}%`
        : '',
  };
}
