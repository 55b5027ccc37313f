import { BUCKET_MS } from '../contract/monitors';
import type { GradualConfig } from './config';
import type { EvalContext, Evaluation } from './evaluation';
import { sortedMedian } from '../streaming/smallSort';
import { robustLocationScale, effectiveSigma } from './robust';
import { BUCKETS_PER_DAY, isWeekend } from './slots';

/** Serialisable CUSUM state of a gradual_drift monitor. */
export interface GradualState {
  /** Bucket start at which the reference was frozen. */
  frozenAt: number;
  /** Per slot (weekend·24 + hour, UTC): reference median and σ_eff of the signal; NaN when unknown. */
  ref: number[];
  sd: number[];
  /** Calendar hour being accumulated: its start, the sum and count of standardised residuals. */
  hourStart: number;
  hourSum: number;
  hourCount: number;
  hourRel: number;
  /** One-sided CUSUMs (in hourly σ units) and the time each last left zero. */
  up: number;
  down: number;
  upSince: number;
  downSince: number;
  /** The relative shift x/ref − 1 of the last 12 completed hours (oldest first). */
  lastHours: number[];
  /** Their median: the current relative shift (a spike that has ended does not count). */
  rel: number;
}

const SLOTS = 48;

function slotOf(t: number): number {
  return (isWeekend(t) ? 24 : 0) + new Date(t).getUTCHours();
}

/**
 * Freezes the reference: per (weekday/weekend, hour) slot, the median and 1.4826·MAD of the signal
 * over the `days` before bucket index t (hour-of-day pooled when a day class has < 12 samples).
 */
export function freezeReference(
  ctx: EvalContext,
  value: (i: number) => number,
  days: number,
  floors: { abs: number; rel: number },
): GradualState {
  const s = ctx.series;
  const from = Math.max(ctx.lo, ctx.t - days * BUCKETS_PER_DAY);
  const bySlot: number[][] = Array.from({ length: SLOTS }, () => []);
  for (let i = from; i < ctx.t; i++) {
    const v = value(i);
    if (ctx.included(i) && Number.isFinite(v)) bySlot[slotOf(s.start + i * BUCKET_MS)].push(v);
  }
  const ref = new Array<number>(SLOTS).fill(NaN);
  const sd = new Array<number>(SLOTS).fill(NaN);
  for (let slot = 0; slot < SLOTS; slot++) {
    let vals = bySlot[slot];
    if (vals.length < 12) vals = [...bySlot[slot % 24], ...bySlot[(slot % 24) + 24]];
    if (vals.length < 12) continue;
    const a = Float64Array.from(vals);
    const loc = robustLocationScale(a, a.length, new Float64Array(a.length));
    ref[slot] = loc.center;
    sd[slot] = effectiveSigma(loc.spread, loc.center, floors.abs, floors.rel);
  }
  const at = s.start + ctx.t * BUCKET_MS;
  return {
    frozenAt: at,
    ref,
    sd,
    hourStart: NaN,
    hourSum: 0,
    hourCount: 0,
    hourRel: 0,
    up: 0,
    down: 0,
    upSince: at,
    downSince: at,
    lastHours: [],
    rel: 0,
  };
}

/**
 * Adds bucket t to the chart: standardised residual u = (x − ref)/σ winsorised at ±clip; every
 * completed calendar hour enters the two-sided CUSUM as U = mean(u)·√count (winsorised at ±clip
 * again) with allowance k. Deviating while a sum exceeds h, the sum has been rising for at least
 * `minHours` (a spike of a few hours is the spike monitors' business, not a drift) and the
 * current relative shift (median of the last 12 hours) reaches the minimum.
 * `capped`: an open drift anomaly caps the sums at 2h so a return to the reference shows within a day,
 * and keeps deviating while its sum stays above h (the minimum shift is an opening rule: a creep
 * hovering at the 10% line would otherwise resolve and reopen as a second anomaly).
 */
export function updateGradual(
  st: GradualState,
  ctx: EvalContext,
  value: (i: number) => number,
  g: GradualConfig,
  capped: boolean,
): Evaluation | null {
  const at = ctx.series.start + ctx.t * BUCKET_MS;
  const hour = Math.floor(at / 3_600_000) * 3_600_000;
  if (hour !== st.hourStart) {
    if (st.hourCount > 0) closeHour(st, g, capped);
    st.hourStart = hour;
    st.hourSum = 0;
    st.hourCount = 0;
    st.hourRel = 0;
  }
  const slot = slotOf(at);
  const ref = st.ref[slot];
  const sd = st.sd[slot];
  const x = value(ctx.t);
  if (!Number.isFinite(x) || !Number.isFinite(ref)) return null;
  const raw = (x - ref) / sd;
  st.hourSum += raw > g.clip ? g.clip : raw < -g.clip ? -g.clip : raw;
  st.hourRel += ref !== 0 ? x / ref - 1 : 0;
  st.hourCount++;
  const upward = st.up >= st.down;
  const S = upward ? st.up : -st.down;
  const k = ctx.options.sensitivity;
  const relChange = st.rel;
  const since = upward ? st.upSince : st.downSince;
  const days = (at + BUCKET_MS - since) / 86_400_000;
  const long = days * 24 >= g.minHours;
  const deviating =
    long &&
    (upward
      ? ctx.allowUp && st.up > g.h && (capped || st.rel >= g.minRelativeChange)
      : ctx.allowDown && st.down > g.h && (capped || st.rel <= -g.minRelativeChange));
  return {
    bucket: at,
    channel: 'cost_per_request',
    observed: x,
    expected: ref,
    lower: ref - k * sd,
    upper: ref + k * sd,
    sigma: sd,
    z: S,
    relChange,
    deviating,
    direction: upward ? 'up' : 'down',
    slot: 'reference frozen ' + new Date(st.frozenAt).toISOString().slice(0, 16) + 'Z',
    samples: 0,
    note: `${relChange >= 0 ? '+' : ''}${(relChange * 100).toFixed(0)}% over ${days.toFixed(1)} days`,
  };
}

function closeHour(st: GradualState, g: GradualConfig, capped: boolean): void {
  const raw = (st.hourSum / st.hourCount) * Math.sqrt(st.hourCount);
  const U = raw > g.clip ? g.clip : raw < -g.clip ? -g.clip : raw;
  const end = st.hourStart + 3_600_000;
  const up = Math.max(0, st.up + U - g.k);
  const down = Math.max(0, st.down - U - g.k);
  if (st.up === 0 && up > 0) st.upSince = st.hourStart;
  if (st.down === 0 && down > 0) st.downSince = st.hourStart;
  st.up = capped ? Math.min(up, 2 * g.h) : up;
  st.down = capped ? Math.min(down, 2 * g.h) : down;
  if (up === 0) st.upSince = end;
  if (down === 0) st.downSince = end;
  st.lastHours = [...st.lastHours, st.hourRel / st.hourCount].slice(-12);
  const sorted = Float64Array.from(st.lastHours).sort();
  st.rel = sortedMedian(sorted, sorted.length);
}
