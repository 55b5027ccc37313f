import type { SignalName } from './config';
import { binomialUpperMidP, normalScore } from './binomialTail';
import { bucketStart, decide, type EvalContext, type Evaluation } from './evaluation';
import { classicLocationScale, effectiveSigma, predictiveSpread, robustLocationScale } from './robust';
import { collectSlot } from './slots';

/**
 * A share per bucket (errors / requests, mismatched / requests), binomial-aware: expected = the
 * slot's pooled rate p₀ (classic: mean of the bucket rates); σ_eff is floored by the binomial
 * standard error √(p₀(1−p₀)/n) of this bucket; a bucket with fewer than `minRateRequests`
 * requests is not evaluated; and z is the smaller of (x − p₀)/σ_eff and the normal score of the
 * exact binomial upper tail (mid-p), so a few errors in a small bucket never look like 4σ.
 * Upward only.
 */
export function evaluateRate(
  ctx: EvalContext,
  channel: SignalName,
  num: (i: number) => number,
  den: (i: number) => number,
): Evaluation | null {
  const n = den(ctx.t);
  if (!(n >= ctx.config.minRateRequests)) return null;
  const hits = num(ctx.t);
  const x = hits / n;
  const usable = (i: number): boolean => ctx.included(i) && den(i) > 0;
  const s = ctx.samples;
  const classic = ctx.options.baseline === 'classic';
  collectSlot(ctx.series, ctx.t, ctx.lo, usable, ctx.config, classic, s);
  if (s.count === 0) return null;
  let sumNum = 0;
  let sumDen = 0;
  for (let j = 0; j < s.count; j++) {
    const i = s.indices[j];
    sumNum += num(i);
    sumDen += den(i);
    ctx.a[j] = num(i) / den(i);
  }
  const loc = classic ? classicLocationScale(ctx.a, s.count) : robustLocationScale(ctx.a, s.count, ctx.b);
  const p0 = classic ? loc.center : sumNum / sumDen;
  const f = ctx.config.floors[channel];
  const se = Math.sqrt((p0 * (1 - p0)) / n);
  const sigma = effectiveSigma(
    classic ? loc.spread : predictiveSpread(loc.spread, s.count),
    p0,
    f.abs,
    f.rel,
    se,
  );
  const zNormal = (x - p0) / sigma;
  // Tail under a rate that is never exactly 0 (add half an event to the baseline counts).
  const pTail = (sumNum + 0.5) / (sumDen + 1);
  const z = Math.min(zNormal, normalScore(binomialUpperMidP(hits, n, pTail)));
  const relChange = p0 > 0 ? (x - p0) / p0 : x > 0 ? Infinity : 0;
  const up = { ...ctx, allowDown: false };
  const d = decide(up, z, relChange);
  const k = ctx.options.sensitivity;
  return {
    bucket: bucketStart(ctx),
    channel,
    observed: x,
    expected: p0,
    lower: Math.max(0, p0 - k * sigma),
    upper: p0 + k * sigma,
    sigma,
    z,
    relChange,
    deviating: d.deviating,
    direction: 'up',
    slot: s.label,
    samples: s.count,
    note: `${hits} of ${n} requests`,
  };
}
