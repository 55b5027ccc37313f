import { BUCKET_MS, type Anomaly, type AnomalyStatus } from '../contract/monitors';
import { activation } from './activation';
import { openAnomaly } from './anomalyRecord';
import type { AnomalyEvent, CheckInput, CheckResult } from './checkTypes';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './config';
import { contextFor, evaluableBucket } from './context';
import { topContributors } from './contributors';
import type { EvalContext, Evaluation } from './evaluation';
import { freezeReference, updateGradual } from './gradualDrift';
import { initialLevel, levelShift, recordLevel } from './levelTracker';
import { costPerRequest, evaluateSignal } from './signals';
import { cloneState, type MonitorState } from './state';

/** Types whose signal is a level (a multiplicative level correction applies, see levelTracker.ts). */
const LEVEL_TYPES: ReadonlySet<string> = new Set(['cost_spike', 'latency_degradation', 'traffic_anomaly']);

const sign = (d: 'up' | 'down'): number => (d === 'up' ? 1 : -1);

/**
 * One check of one monitor at `now`: evaluates the newest evaluable bucket (once), applies the
 * cold-start rule, the deviation rules and the gating / lifecycle; returns the result and the next
 * state. Pure: the input state is not modified.
 */
export function runCheck(input: CheckInput): { result: CheckResult; state: MonitorState } {
  const config = input.config ?? DEFAULT_ENGINE_CONFIG;
  const m = input.monitor;
  const st = cloneState(input.state);
  const bucket = evaluableBucket(input.now, config);
  const base = {
    monitorId: m.id,
    type: m.type,
    evaluation: null,
    events: [] as AnomalyEvent[],
    excludeBucket: null,
  };
  if (st.lastBucket !== null && bucket <= st.lastBucket)
    return {
      result: {
        ...base,
        bucket: null,
        status: st.activeSince !== null ? 'active' : 'building_baseline',
        anomaly: st.open,
      },
      state: st,
    };
  st.lastBucket = bucket;
  const inAnomalyFrom = st.open
    ? Date.parse(st.open.detected_at)
    : st.suppressed
      ? st.suppressed.from
      : Infinity;
  const shift = LEVEL_TYPES.has(m.type) ? levelShift(st.level, m.options.min_relative_change) : 0;
  const ctx = contextFor(input.series, bucket, input, config, inAnomalyFrom, shift);
  const accepted = input.acceptedFrom ?? null;
  const rebaselining = accepted !== null && (st.activeSince === null || st.activeSince < accepted);
  if (st.activeSince === null || rebaselining) {
    const act = activation(input.series, ctx.t, ctx.lo, accepted !== null, ctx.included, input.now, config);
    if (!act.active) {
      const result: CheckResult = {
        ...base,
        bucket,
        status: 'building_baseline',
        anomaly: st.open,
        reason: act.reason,
      };
      if (act.eta !== null && act.etaHours !== null) {
        result.eta = new Date(act.eta).toISOString();
        result.eta_hours = Math.round(act.etaHours * 100) / 100;
      }
      return { result, state: st };
    }
    st.activeSince = bucket;
  }
  const e = evaluate(input, ctx, st, config);
  const result: CheckResult = {
    ...base,
    bucket,
    status: input.degraded ? 'degraded' : 'active',
    evaluation: e,
    anomaly: null,
  };
  if (input.degraded) result.reason = 'degraded: results incomplete';
  if (e !== null) gate(input, e, st, result, config);
  // Only seasonal-slot checks feed the level: against the rolling fallback (e.g. the first weekend,
  // judged against weekday hours) the ratio measures the missing seasonality, not the level.
  if (
    e !== null &&
    !e.deviating &&
    LEVEL_TYPES.has(m.type) &&
    e.slot !== 'rolling 7d' &&
    e.observed > 0 &&
    e.expected > 0
  )
    st.level = recordLevel(st.level ?? initialLevel(), bucket, Math.log(e.observed / e.expected) + shift);
  result.anomaly = st.open;
  return { result, state: st };
}

function evaluate(
  input: CheckInput,
  ctx: EvalContext,
  st: MonitorState,
  config: EngineConfig,
): Evaluation | null {
  const m = input.monitor;
  let e: Evaluation | null;
  if (m.type === 'gradual_drift') {
    const value = (i: number): number => costPerRequest(ctx.series, i);
    const g = st.gradual;
    const at = ctx.series.start + ctx.t * BUCKET_MS;
    const quiet = g !== null && g.up < 1 && g.down < 1 && st.open === null && st.suppressed === null;
    const stale =
      g === null ||
      (input.acceptedFrom != null && g.frozenAt < input.acceptedFrom) ||
      (quiet && at - g.frozenAt >= config.gradual.refreezeDays * 86_400_000);
    if (stale) st.gradual = freezeReference(ctx, value, config.windowDays, config.floors.cost_per_request);
    e = updateGradual(st.gradual!, ctx, value, config.gradual, st.open !== null);
  } else {
    e = evaluateSignal(m.type, ctx);
  }
  if (e && input.degraded && e.deviating && e.direction === 'down' && m.type === 'traffic_anomaly') {
    e.deviating = false;
    e.note = 'drop suppressed while degraded';
  }
  return e;
}

function setStatus(a: Anomaly, status: AnomalyStatus, at: number): void {
  if (a.status === status) return;
  a.status = status;
  a.history.push({ at: new Date(at).toISOString(), status });
}

/** Gating (open on `trigger_hits` of `trigger_window` or one extreme check) and the lifecycle. */
function gate(
  input: CheckInput,
  e: Evaluation,
  st: MonitorState,
  result: CheckResult,
  config: EngineConfig,
): void {
  const o = input.monitor.options;
  const flag = e.deviating ? sign(e.direction) : 0;
  const end = e.bucket + BUCKET_MS;
  const open = st.open;
  if (open) {
    if (flag === sign(open.direction)) {
      st.inBand = 0;
      setStatus(open, 'ongoing', end);
    } else if (++st.inBand >= o.recovery_checks) {
      setStatus(open, 'resolved', end);
      open.resolved_at = new Date(end).toISOString();
      result.events.push({ kind: 'resolved', anomaly: open });
      st.open = null;
      st.inBand = 0;
      return;
    } else {
      setStatus(open, 'recovering', end);
    }
    if (flag === sign(open.direction)) open.last_seen = new Date(end).toISOString();
    open.duration_seconds = (end - Date.parse(open.detected_at)) / 1000;
    return;
  }
  if (st.suppressed) {
    if (flag === sign(st.suppressed.direction)) {
      st.suppressed.inBand = 0;
      result.excludeBucket = e.bucket;
    } else if (++st.suppressed.inBand >= o.recovery_checks) st.suppressed = null;
    return;
  }
  st.recent.push(flag);
  st.recentBuckets.push(e.bucket);
  while (st.recent.length > o.trigger_window) {
    st.recent.shift();
    st.recentBuckets.shift();
  }
  if (flag === 0) return;
  const hits = st.recent.filter((f) => f === flag).length;
  const extreme = input.monitor.type !== 'gradual_drift' && Math.abs(e.z) > o.extreme_sigma;
  if (hits < o.trigger_hits && !extreme) return;
  const detected = st.recentBuckets[st.recent.indexOf(flag)];
  const contributors =
    input.monitor.feature === null && input.contributors ? topContributors(input, e, config) : [];
  st.open = openAnomaly(input.monitor, e, detected, o.sensitivity, contributors);
  st.inBand = 0;
  st.recent = [];
  st.recentBuckets = [];
  result.events.push({ kind: 'opened', anomaly: st.open });
}
