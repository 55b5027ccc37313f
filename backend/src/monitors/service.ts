import { type Anomaly, type Monitor, type MonitorSnapshot, type PipelineHealth } from '../contract/monitors';
import type { AnomalyEvent } from '../baseline/checkTypes';
import { DEFAULT_MONITOR_OPTIONS } from '../baseline/config';
import { applyFeedback } from '../baseline/feedback';
import { replay } from '../baseline/replay';
import { ConflictError, invalidInput } from '../core/errors';
import { validateBody, parseAt } from '../core/validate';
import type { PrometheusPolicy } from '../sources/prometheusPolicy';
import type { EventRecord } from '../store/eventRecord';
import type { IngestResult } from '../contract/monitors';
import type { DeadLetter, MonitorStore } from '../store/monitorStore';
import { checkMonitors, type CheckSummary, type MonitorWork } from './checker';
import { activation } from '../baseline/activation';
import { evaluableBucket } from '../baseline/context';
import { indexOf } from '../baseline/groupSeries';
import { EventMonitorRegistry, tombstone } from './eventMonitors';
import { EventSeriesCache } from './eventSeriesCache';
import { PipelineMonitor } from './health';
import { newPromqlMonitorId } from './ids';
import { snapshotOf } from './outcome';
import { planChecks } from './planner';
import {
  anomalyQuerySchema,
  checkSchema,
  createMonitorSchema,
  feedbackSchema,
  monitorQuerySchema,
  patchMonitorSchema,
  redriveSchema,
  replaySchema,
  seriesQuerySchema,
  toMs,
} from './schemas';
import { StateCache } from './stateCache';
import { emptyStoredState, seriesState, toJson, type StatusLine } from './storedState';
import type {
  CheckReport,
  MonitorSeriesReport,
  NotificationStats,
  NotificationsReport,
  ReplayReport,
} from '../contract/monitors';
import { evaluateRange } from './evaluateRange';

const DAY = 86_400_000;
/** Checks keep 28 days of buckets in memory per group (the longest seasonal look-back). */
const HISTORY_MS = 28 * DAY;

export interface MonitorServiceOptions {
  /** 0: checks run only on request. */
  intervalMs: number;
  prometheus: PrometheusPolicy;
  now?: () => number;
  /** Open / resolve events, after they are durable in the outbox's sense (idempotent per id). */
  notify?: (events: AnomalyEvent[]) => Promise<void>;
  /** A user's verdict or a resolve changed an anomaly (Alertmanager endsAt, annotation timeEnd). */
  changed?: (anomaly: Anomaly) => void;
  /** The notification outbox, for `GET /v1/notifications`. */
  notifications?: NotificationsView;
}

export interface NotificationsView {
  stats(): NotificationStats[];
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  redrive(key: string): Promise<void>;
}

/**
 * The monitors and anomalies API: auto-created event monitors, PromQL monitors with backfill,
 * checks (scheduled or on request), the anomaly feed, dismiss / accept, replay and health. Every
 * operation that reads and writes engine state runs one at a time (`exclusive`).
 */
export class MonitorService {
  readonly pipeline: PipelineMonitor;
  private readonly cache: EventSeriesCache;
  private readonly registry: EventMonitorRegistry;
  private readonly states: StateCache;
  private readonly now: () => number;
  private readonly statuses = new Map<string, StatusLine>();
  private snapshotList: MonitorSnapshot[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: MonitorStore,
    private readonly options: MonitorServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.cache = new EventSeriesCache(store, HISTORY_MS);
    this.registry = new EventMonitorRegistry(store);
    this.states = new StateCache(store);
    this.pipeline = new PipelineMonitor(options.intervalMs, this.now());
  }

  /** Restores the scheduler's progress of a previous process. */
  async init(): Promise<void> {
    const meta = (await this.store.meta('scheduler')) as { lastCheck?: number; missed?: number } | undefined;
    this.pipeline.resume(meta?.lastCheck ?? null, meta?.missed ?? 0);
    // What the last check of a previous process showed, until this one checks.
    const snapshots: MonitorSnapshot[] = [];
    for (const m of await this.store.listMonitors()) {
      const state = await this.states.get(m.id);
      this.statuses.set(m.id, state.status);
      for (const [key, s] of Object.entries(state.series)) {
        const open = s.open ? { ...s.open, monitor_id: m.id } : null;
        snapshots.push(
          snapshotOf({ ...m, status: state.status.status }, state.evaluations?.[key] ?? null, open),
        );
      }
    }
    this.snapshotList = snapshots;
  }

  /** Ingest committed a batch (called by IngestService). */
  ingested(events: readonly EventRecord[], result: IngestResult): void {
    this.cache.touched(events);
    this.pipeline.countIngested(result.accepted);
  }

  health(): PipelineHealth {
    return this.pipeline.health(this.now());
  }

  snapshots(): MonitorSnapshot[] {
    return this.snapshotList;
  }

  // ---- checks -------------------------------------------------------------------------------

  /** `POST /v1/monitors/check`: one check now, or as of a past instant (stored data, in order). */
  async checkRequest(body: unknown): Promise<CheckReport> {
    const { at } = validateBody(checkSchema, body ?? {});
    const now = this.now();
    const t = toMs(at) ?? now;
    if (t > now + 60_000) throw invalidInput('at must not be in the future');
    if (t < now - HISTORY_MS) throw invalidInput('at must be within the last 28 days');
    const summary = await this.check(t, at === undefined);
    return {
      at: new Date(t).toISOString(),
      evaluated: summary.evaluated,
      opened: summary.events.filter((e) => e.kind === 'opened').map((e) => e.anomaly),
      resolved: summary.events.filter((e) => e.kind === 'resolved').map((e) => e.anomaly),
      health: this.health(),
    };
  }

  /** One check of every monitor at `at` (the scheduler's tick when `live`). */
  check(at: number, live = true): Promise<CheckSummary> {
    return this.exclusive(async () => {
      try {
        await this.registry.ensure(at);
        const monitors = await this.store.listMonitors();
        const degraded = this.health().status === 'degraded' && live;
        const work = await this.plan(degraded, monitors, at);
        const summary = await checkMonitors(
          this.store,
          this.states,
          work,
          at,
          this.options.notify ?? (async () => {}),
        );
        for (const [id, status] of summary.statuses) this.statuses.set(id, status);
        this.snapshotList = summary.snapshots;
        if (live) {
          this.pipeline.completed(this.now());
          await this.store.commit({
            meta: [{ key: 'scheduler', value: { lastCheck: this.now(), missed: this.pipeline.missedTotal } }],
          });
        }
        return summary;
      } catch (error) {
        if (live) this.pipeline.completed(this.now(), (error as Error).message);
        throw error;
      }
    });
  }

  // ---- monitors -----------------------------------------------------------------------------

  async listMonitors(query: unknown): Promise<{ data: Monitor[] }> {
    const q = parseAt(monitorQuerySchema, query, ['query']);
    await this.registry.ensure(this.now());
    const all = await this.store.listMonitors({ kind: q.kind, org: q.org });
    const data: Monitor[] = [];
    for (const m of all) {
      if (q.feature !== undefined && m.feature !== q.feature) continue;
      if (q.type !== undefined && m.type !== q.type) continue;
      const view = await this.withStatus(m);
      if (q.status === undefined || view.status === q.status) data.push(view);
    }
    return { data };
  }

  async getMonitor(id: string): Promise<Monitor> {
    return this.withStatus(await this.store.getMonitor(id));
  }

  /** `POST /v1/monitors`: a PromQL monitor, backfilled from Prometheus so it can be active at once. */
  createMonitor(body: unknown): Promise<Monitor> {
    const req = validateBody(createMonitorSchema, body);
    return this.exclusive(async () => {
      const now = this.now();
      const monitor: Monitor = {
        id: newPromqlMonitorId(),
        kind: 'promql',
        type: req.type,
        ...(req.name ? { name: req.name } : {}),
        org: req.org ?? null,
        feature: null,
        expr: req.expr,
        direction: req.direction,
        options: { ...DEFAULT_MONITOR_OPTIONS, ...req.options },
        status: 'building_baseline',
        created: new Date(now).toISOString(),
      };
      validateOptions(monitor.options);
      const work = await this.plan(false, [monitor], now);
      // An expression Prometheus refuses, or no Prometheus at all: nothing is stored.
      if (work[0].failure) throw invalidInput(work[0].failure);
      await this.store.createMonitor(monitor);
      const state = emptyStoredState();
      Object.assign(state, work[0].carry);
      state.status = backfillStatus(work[0], now);
      await this.store.commit({ states: [{ monitorId: monitor.id, state: toJson(state) }] });
      this.states.committed(monitor.id, state);
      this.statuses.set(monitor.id, state.status);
      return this.withStatus(monitor);
    });
  }

  patchMonitor(id: string, body: unknown): Promise<Monitor> {
    const req = validateBody(patchMonitorSchema, body);
    return this.exclusive(async () => {
      const current = await this.store.getMonitor(id);
      if (req.direction !== undefined && current.kind === 'events')
        throw invalidInput(`the direction of an event monitor follows its type (${current.type})`);
      const options = { ...current.options, ...req.options };
      validateOptions(options);
      const next = await this.store.updateMonitor(id, {
        options,
        ...(req.direction ? { direction: req.direction } : {}),
        ...(req.name ? { name: req.name } : {}),
      });
      return this.withStatus(next);
    });
  }

  deleteMonitor(id: string): Promise<void> {
    return this.exclusive(async () => {
      const m = await this.store.getMonitor(id);
      await this.store.deleteMonitor(id);
      this.states.forget(id);
      if (m.kind === 'events') await this.store.commit({ meta: [{ key: tombstone(id), value: this.now() }] });
      this.statuses.delete(id);
      this.snapshotList = this.snapshotList.filter((s) => s.monitor.id !== id);
    });
  }

  /** `POST /v1/monitors/{id}/replay`: what would have fired, with no side effect. */
  async replay(id: string, body: unknown): Promise<ReplayReport> {
    const req = validateBody(replaySchema, body ?? {});
    const monitor = await this.store.getMonitor(id);
    const options = { ...monitor.options, ...req.config };
    validateOptions(options);
    const now = this.now();
    return this.exclusive(async () => {
      const work = await this.plan(false, [monitor], now);
      const w = work[0];
      const anomalies: Anomaly[] = [];
      let checks = 0;
      let deviating = 0;
      for (const s of w?.series ?? []) {
        const out = replay(
          {
            monitor: s.spec,
            series: s.series,
            contributors: s.contributors,
            excluded: w.excluded,
            acceptedFrom: w.acceptedFrom,
            config: w.config,
          },
          req.days,
          now,
          options,
        );
        anomalies.push(...out.anomalies.map((a) => ({ ...a, monitor_id: id })));
        checks += out.checks;
        deviating += out.deviatingChecks;
      }
      return { monitor_id: id, days: req.days, options, checks, deviating_checks: deviating, anomalies };
    });
  }

  /**
   * `GET /v1/monitors/{id}/series`: each bucket of [from, to) evaluated against its baseline as it
   * stands now (current exclusions and options), for the plugin's Monitor query. At most 7 days.
   */
  async series(id: string, query: unknown): Promise<MonitorSeriesReport> {
    const q = parseAt(seriesQuerySchema, query, ['query']);
    const monitor = await this.store.getMonitor(id);
    const now = this.now();
    const to = Math.min(toMs(q.to) ?? now, now);
    const from = toMs(q.from) ?? to - 6 * 3_600_000;
    if (!(from < to)) throw invalidInput('from must be before to');
    if (to - from > 7 * DAY) throw invalidInput('a series spans at most 7 days: narrow from/to');
    return this.exclusive(async () => {
      const [w] = await this.plan(false, [monitor], to, { fetch: false });
      const stored = await this.states.get(id);
      const series = (w?.series ?? []).map((s) => ({
        key: s.key,
        ...(stored.labels?.[s.key] ? { labels: stored.labels[s.key] } : {}),
        points: evaluateRange(w, s, from, to),
      }));
      const anomalies = (await this.store.listAnomalies({ monitorId: id, to, limit: 1000 })).data.filter(
        (a) => Date.parse(a.resolved_at ?? a.last_seen) >= from || a.resolved_at === null,
      );
      return { monitor_id: id, series, anomalies };
    });
  }

  // ---- anomalies ----------------------------------------------------------------------------

  async listAnomalies(query: unknown): Promise<{ data: Anomaly[]; next_cursor?: string }> {
    const q = parseAt(anomalyQuerySchema, query, ['query']);
    const page = await this.store.listAnomalies({
      status: q.status,
      type: q.type,
      org: q.org,
      feature: q.feature,
      monitorId: q.monitor,
      from: toMs(q.from),
      to: toMs(q.to),
      limit: q.limit,
      cursor: q.cursor,
    });
    return page.nextCursor ? { data: page.data, next_cursor: page.nextCursor } : { data: page.data };
  }

  getAnomaly(id: string): Promise<Anomaly> {
    return this.store.getAnomaly(id);
  }

  /** Dismiss or accept: the anomaly, the monitor's state and the exclusion change in one commit. */
  feedback(id: string, action: 'dismiss' | 'accept', body: unknown): Promise<Anomaly> {
    const { reason } = validateBody(feedbackSchema, body ?? {});
    return this.exclusive(async () => {
      const anomaly = await this.store.getAnomaly(id);
      if (anomaly.status === 'dismissed' || anomaly.status === 'accepted')
        throw new ConflictError(`anomaly '${id}' is already ${anomaly.status}`);
      const at = this.now();
      const stored = await this.states.get(anomaly.monitor_id);
      const key =
        Object.keys(stored.series).find((k) => stored.series[k].open?.id === id) ??
        Object.keys(stored.series)[0] ??
        '';
      const out = applyFeedback(seriesState(stored, key), anomaly, action, at, reason);
      stored.series[key] = out.state;
      const entry = out.anomaly.history[out.anomaly.history.length - 1];
      const base = {
        anomalyId: id,
        monitorId: anomaly.monitor_id,
        org: anomaly.org,
        feature: anomaly.feature,
        reason: reason ?? null,
        at,
      };
      await this.store.commit({
        states: Object.keys(stored.series).length
          ? [{ monitorId: anomaly.monitor_id, state: toJson(stored) }]
          : [],
        updated: [{ id, patch: { status: out.anomaly.status }, entry }],
        exclusions: [
          out.exclude
            ? { ...base, kind: 'dismissed', from: out.exclude.from, to: out.exclude.to }
            : {
                ...base,
                kind: 'accepted',
                from: out.acceptedFrom ?? Date.parse(anomaly.detected_at),
                to: null,
              },
        ],
      });
      this.states.committed(anomaly.monitor_id, stored);
      const updated = await this.store.getAnomaly(id);
      this.options.changed?.(updated);
      return updated;
    });
  }

  // ---- notifications -------------------------------------------------------------------------

  /** `GET /v1/notifications`: delivery counts per channel and the dead letters, newest first. */
  async notifications(): Promise<NotificationsReport> {
    const n = this.options.notifications;
    if (!n) return { channels: [], dead_letters: [] };
    const dead = await n.deadLetters(100);
    return {
      channels: n.stats(),
      dead_letters: dead.map((d) => ({
        key: d.key,
        channel: d.channel,
        attempts: d.attempts,
        created: new Date(d.created).toISOString(),
        dead_at: new Date(d.deadAt).toISOString(),
        last_error: d.lastError,
      })),
    };
  }

  /** `POST /v1/notifications/redrive {"key"}`: a dead letter is queued again under the same key. */
  async redrive(body: unknown): Promise<{ key: string; status: 'queued' }> {
    const { key } = validateBody(redriveSchema, body);
    if (!this.options.notifications) throw invalidInput('no notification channel is configured');
    await this.options.notifications.redrive(key);
    return { key, status: 'queued' };
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async withStatus(m: Monitor): Promise<Monitor> {
    let line = this.statuses.get(m.id);
    if (!line) {
      line = (await this.states.get(m.id)).status;
      this.statuses.set(m.id, line);
    }
    const health = this.health();
    const view: Monitor = { ...m, status: line.status };
    delete view.eta;
    delete view.eta_hours;
    delete view.reason;
    if (line.eta !== undefined) view.eta = line.eta;
    if (line.eta_hours !== undefined) view.eta_hours = line.eta_hours;
    if (line.reason) view.reason = line.reason;
    if (health.status === 'degraded' && view.status === 'active') {
      view.status = 'degraded';
      view.reason = health.reasons.join('; ');
    }
    return view;
  }

  private plan(degraded: boolean, monitors: Monitor[], at: number, opts?: { fetch?: boolean }) {
    const ctx = {
      store: this.store,
      cache: this.cache,
      states: this.states,
      prometheus: this.options.prometheus,
    };
    return planChecks({ ...ctx, degraded }, monitors, at, opts);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function validateOptions(o: Monitor['options']): void {
  if (o.trigger_hits > o.trigger_window)
    throw invalidInput(
      `options.trigger_hits (${o.trigger_hits}) must not exceed options.trigger_window (${o.trigger_window})`,
    );
  if (o.extreme_sigma <= o.sensitivity)
    throw invalidInput(
      `options.extreme_sigma (${o.extreme_sigma}) must exceed options.sensitivity (${o.sensitivity})`,
    );
}

/** A fresh PromQL monitor's status from its backfilled history, by the engine's activation rule. */
function backfillStatus(w: MonitorWork, now: number): StatusLine {
  if (!w.series.length) return { status: 'building_baseline', reason: 'the expression returned no data yet' };
  const lines = w.series.map(({ series }) => {
    const t = indexOf(series, evaluableBucket(now, w.config));
    const act = activation(series, t, 0, false, () => true, now, w.config);
    const line: StatusLine = act.active
      ? { status: 'active' }
      : { status: 'building_baseline', reason: act.reason };
    if (act.eta !== null) line.eta = new Date(act.eta).toISOString();
    if (act.etaHours !== null) line.eta_hours = Math.round(act.etaHours * 100) / 100;
    return line;
  });
  return lines.find((l) => l.status === 'active') ?? lines[0];
}
