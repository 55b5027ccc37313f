import { BUCKET_MS, type Anomaly, type Monitor, type MonitorSnapshot } from '../contract/monitors';
import { runCheck } from '../baseline/check';
import type { AnomalyEvent, CheckResult, MonitorSpec } from '../baseline/checkTypes';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from '../baseline/config';
import { evaluableBucket } from '../baseline/context';
import type { GroupSeries } from '../baseline/groupSeries';
import type { MonitorStore, StoreBatch } from '../store/monitorStore';
import { CheckOutcome, snapshotOf, snapshotValues } from './outcome';
import { TimeSlices } from '../core/timeSlices';
import type { StateCache } from './stateCache';
import { seriesState, toJson, type StatusLine, type StoredState } from './storedState';

/** Buckets one check may catch up per monitor (a day); older missed buckets are skipped. */
export const MAX_CATCH_UP_BUCKETS = 288;
/** Monitors committed per transaction (each monitor's outcome stays whole within one). */
const COMMIT_CHUNK = 250;

/** PromQL samples are read at check time and never arrive late: the current bucket is checked. */
export const PROMQL_ENGINE_CONFIG: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, latenessMs: -BUCKET_MS };

export interface GroupInput {
  /** One watched series: the event group, or one label set of a PromQL monitor. */
  key: string;
  series: GroupSeries;
  spec: MonitorSpec;
  /** Org-level event monitors: the org's feature series. */
  contributors?: readonly GroupSeries[];
}

export interface MonitorWork {
  monitor: Monitor;
  series: GroupInput[];
  excluded: ReadonlySet<number>;
  acceptedFrom: number | null;
  /** The dismissed anomaly whose range a still-deviating bucket extends. */
  lastDismissal: string | null;
  config: EngineConfig;
  degraded: boolean;
  /** Why its source failed this time (the monitor is then degraded), if it did. */
  failure?: string;
  /** Extra state to keep (PromQL: labels and how far it has fetched). */
  carry?: Partial<StoredState>;
}

export interface CheckSummary {
  evaluated: number;
  events: AnomalyEvent[];
  snapshots: MonitorSnapshot[];
  statuses: Map<string, StatusLine>;
}

/**
 * Runs the engine for each monitor's series at `at`, catching up missed buckets in order (up to a
 * day), and commits each monitor's outcome — state, anomalies, exclusions — in one transaction,
 * after its open/resolve events were handed to `notify` (idempotent on the anomaly id, so a crash
 * between the two re-notifies nothing new: the re-run finds the same ids).
 */
export async function checkMonitors(
  store: MonitorStore,
  states: StateCache,
  work: readonly MonitorWork[],
  at: number,
  notify: (events: AnomalyEvent[]) => Promise<void>,
): Promise<CheckSummary> {
  const summary: CheckSummary = { evaluated: 0, events: [], snapshots: [], statuses: new Map() };
  const slices = new TimeSlices();
  let pending: { batch: StoreBatch; events: AnomalyEvent[]; states: Map<string, StoredState> } | null = null;
  const flush = async (): Promise<void> => {
    if (!pending) return;
    const { batch, events, states: next } = pending;
    pending = null;
    if (events.length) await notify(events);
    await store.commit(batch);
    for (const [id, state] of next) states.committed(id, state);
  };
  for (const w of work) {
    const stored = await states.get(w.monitor.id);
    const outcome = new CheckOutcome();
    let status: StatusLine | null = null;
    const mine: MonitorSnapshot[] = [];
    for (const input of w.series) {
      const before = seriesState(stored, input.key);
      outcome.begin(before.open);
      let state = before;
      let last: CheckResult | null = null;
      // The newest bucket with values: a catch-up's last bucket may have none (an empty bucket while
      // degraded), and the snapshot must then show the newest evaluated one, not an older check's.
      let evaluation: CheckResult['evaluation'] = null;
      const target = evaluableBucket(at, w.config);
      const first =
        state.lastBucket === null
          ? target
          : Math.max(state.lastBucket + BUCKET_MS, target - (MAX_CATCH_UP_BUCKETS - 1) * BUCKET_MS);
      for (let b = first; b <= target; b += BUCKET_MS) {
        const now = b === target ? at : b + BUCKET_MS + w.config.latenessMs;
        const out = runCheck({
          monitor: input.spec,
          series: input.series,
          state,
          now,
          excluded: w.excluded,
          acceptedFrom: w.acceptedFrom,
          degraded: w.degraded,
          contributors: input.contributors,
          config: w.config,
        });
        state = out.state;
        if (out.result.bucket !== null) last = out.result;
        if (out.result.evaluation) evaluation = out.result.evaluation;
        outcome.add(out.result, (a) => fixAnomaly(a, w.monitor));
        if (out.result.excludeBucket !== null && w.lastDismissal)
          outcome.excludeBucket(w.lastDismissal, out.result.excludeBucket + BUCKET_MS);
      }
      stored.series[input.key] = state;
      if (last) status = status ? worst(status, statusOf(last)) : statusOf(last);
      const values = evaluation ? snapshotValues(evaluation) : (stored.evaluations?.[input.key] ?? null);
      if (values) stored.evaluations = { ...stored.evaluations, [input.key]: values };
      mine.push(snapshotOf(w.monitor, values, state.open ? fixAnomaly(state.open, w.monitor) : null));
    }
    if (w.failure) status = { status: 'degraded', reason: `source failed: ${w.failure}` };
    else if (!w.series.length) status = { status: 'building_baseline', reason: 'no data yet' };
    if (status) stored.status = status;
    const view = { ...w.monitor, ...stored.status };
    for (const snap of mine) summary.snapshots.push({ ...snap, monitor: view });
    Object.assign(stored, w.carry ?? {});
    summary.statuses.set(w.monitor.id, stored.status);
    summary.evaluated += outcome.evaluated;
    summary.events.push(...outcome.events);
    const batch = outcome.batch([{ monitorId: w.monitor.id, state: toJson(stored) }]);
    pending ??= { batch: {}, events: [], states: new Map() };
    appendBatch(pending.batch, batch);
    pending.events.push(...outcome.events);
    pending.states.set(w.monitor.id, stored);
    if (pending.states.size >= COMMIT_CHUNK) await flush();
    await slices.pause();
  }
  await flush();
  return summary;
}

function statusOf(r: CheckResult): StatusLine {
  const line: StatusLine = { status: r.status };
  if (r.eta !== undefined) line.eta = r.eta;
  if (r.eta_hours !== undefined) line.eta_hours = r.eta_hours;
  if (r.reason) line.reason = r.reason;
  return line;
}

const RANK = { active: 0, building_baseline: 1, degraded: 2 } as const;

/** A PromQL monitor with several label sets shows its least healthy one. */
function worst(a: StatusLine, b: StatusLine): StatusLine {
  return RANK[b.status] >= RANK[a.status] ? b : a;
}

/** Anomalies of a PromQL label set belong to the monitor itself (the engine knows the series id). */
function fixAnomaly(a: Anomaly, monitor: Monitor): Anomaly {
  return a.monitor_id === monitor.id ? a : { ...a, monitor_id: monitor.id };
}

function appendBatch(into: StoreBatch, b: StoreBatch): void {
  (into.states ??= []).push(...(b.states ?? []));
  (into.created ??= []).push(...(b.created ?? []));
  (into.updated ??= []).push(...(b.updated ?? []));
  (into.extendExclusions ??= []).push(...(b.extendExclusions ?? []));
}
