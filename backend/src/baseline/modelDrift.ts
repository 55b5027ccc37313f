import { BUCKETS_PER_DAY, collectSlot } from './slots';
import { bucketStart, decide, type EvalContext, type Evaluation } from './evaluation';
import { chiSquareScore } from './chiSquare';
import { jensenShannonDistance } from './jensenShannon';
import { evaluateRate } from './rateSignal';
import { classicLocationScale, effectiveSigma, predictiveSpread, robustLocationScale } from './robust';

/**
 * model_drift: two views, the decision is the stronger one.
 * 1. The share of requests whose model_actual ≠ model_requested (a rate, binomial-aware).
 * 2. The Jensen–Shannon distance of this bucket's model_actual distribution from the pooled
 *    distribution of the baseline window (last 7 days); its typical value (sampling noise of a
 *    bucket) is the median/MAD of the same distance for the slot's buckets; z is the smaller of that
 *    robust score and the χ² score of the bucket's counts against the baseline mix. Counts only
 *    above `minJsd` as well as k·σ_eff and the relative-change floor.
 */
export function evaluateModelDrift(ctx: EvalContext): Evaluation | null {
  const s = ctx.series;
  const share = evaluateRate(
    ctx,
    'mismatch_share',
    (i) => s.mismatch[i],
    (i) => (s.present[i] ? s.requests[i] : 0),
  );
  const jsd = evaluateJsd(ctx);
  if (!share) return jsd;
  if (!jsd) return share;
  share.note = `${share.note}; JS distance ${jsd.observed.toFixed(2)} (typical ${jsd.expected.toFixed(2)})`;
  if (jsd.deviating && (!share.deviating || jsd.z > share.z)) {
    jsd.note = share.note;
    return jsd;
  }
  return share;
}

function evaluateJsd(ctx: EvalContext): Evaluation | null {
  const s = ctx.series;
  const k = s.models.length;
  if (k < 2 || !(s.requests[ctx.t] >= ctx.config.minRateRequests)) return null;
  const base = new Float64Array(k);
  const cur = new Float64Array(k);
  const from = Math.max(ctx.lo, ctx.t - ctx.config.windowDays * BUCKETS_PER_DAY);
  for (let m = 0; m < k; m++) {
    const col = s.modelCounts[m];
    let sum = 0;
    for (let i = from; i < ctx.t; i++) if (s.present[i] && ctx.included(i)) sum += col[i];
    base[m] = sum;
  }
  const jsdAt = (i: number): number => {
    for (let m = 0; m < k; m++) cur[m] = s.modelCounts[m][i];
    return jensenShannonDistance(base, cur, k);
  };
  const x = jsdAt(ctx.t);
  if (!Number.isFinite(x)) return null;
  const usable = (i: number): boolean =>
    ctx.included(i) && s.present[i] === 1 && s.requests[i] >= ctx.config.minRateRequests;
  const sl = ctx.samples;
  const classic = ctx.options.baseline === 'classic';
  collectSlot(s, ctx.t, ctx.lo, usable, ctx.config, classic, sl);
  if (sl.count === 0) return null;
  for (let j = 0; j < sl.count; j++) ctx.a[j] = jsdAt(sl.indices[j]);
  const loc = classic ? classicLocationScale(ctx.a, sl.count) : robustLocationScale(ctx.a, sl.count, ctx.b);
  const f = ctx.config.floors.model_jsd;
  const sigma = effectiveSigma(
    classic ? loc.spread : predictiveSpread(loc.spread, sl.count),
    loc.center,
    f.abs,
    f.rel,
  );
  // Decision z: the smaller of the robust score and the χ² score of this bucket's counts against the
  // baseline mix (a few requests of a rare model in a small bucket are sampling noise, not drift).
  jsdAt(ctx.t);
  const z = Math.min((x - loc.center) / sigma, chiSquareScore(cur, base, k));
  const relChange = loc.center > 0 ? (x - loc.center) / loc.center : Infinity;
  const d = decide({ ...ctx, allowDown: false }, z, relChange);
  const kk = ctx.options.sensitivity;
  return {
    bucket: bucketStart(ctx),
    channel: 'model_jsd',
    observed: x,
    expected: loc.center,
    lower: Math.max(0, loc.center - kk * sigma),
    upper: loc.center + kk * sigma,
    sigma,
    z,
    relChange,
    deviating: d.deviating && x >= ctx.config.minJsd,
    direction: 'up',
    slot: sl.label,
    samples: sl.count,
    note: '',
  };
}
