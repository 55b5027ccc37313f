import type {
  Anomaly,
  AnomalyStatus,
  AnomalyType,
  BucketAggregate,
  IngestResult,
  Monitor,
  NotificationStats,
} from '../contract/monitors';
import type { BucketColumns } from '../baseline/bucketColumns';
import type { EventRecord } from './eventRecord';

/**
 * The monitoring store, narrowed to what ingest, the detection engine and the monitors API need.
 * Implementations (SQLite now, PostgreSQL next) pass backend/test/store/monitorStoreContract.ts.
 * Missing records raise `NotFoundError`, clashing ones `ConflictError` (core/errors) — never HTTP.
 * Times are epoch milliseconds unless a field of the wire contract says otherwise.
 */
export interface MonitorStore {
  /**
   * Stores a batch atomically: events whose id was already seen for their org (earlier or in the
   * same batch) count as duplicates and change nothing; the rest update their buckets in the org
   * total and in their (org, feature) group. Resolves only once the batch is durable.
   */
  ingest(events: readonly EventRecord[]): Promise<IngestResult>;
  /** One group's non-empty buckets with from ≤ start < to, oldest first (feature null: org total). */
  buckets(org: string, feature: string | null, from: number, to: number): Promise<BucketAggregate[]>;
  /** The same buckets as columns of what a check reads (`bucketColumnsOf(buckets(…))`, faster). */
  bucketColumns(org: string, feature: string | null, from: number, to: number): Promise<BucketColumns>;
  /** Every group that has buckets, with the first and last bucket start. */
  groups(): Promise<GroupInfo[]>;
  /** Deletes buckets and event ids older than now − retention; returns how many rows went. */
  prune(now: number): Promise<number>;

  createMonitor(monitor: Monitor): Promise<void>;
  getMonitor(id: string): Promise<Monitor>;
  listMonitors(filter?: { kind?: Monitor['kind']; org?: string }): Promise<Monitor[]>;
  updateMonitor(id: string, patch: MonitorPatch): Promise<Monitor>;
  /** Deletes the monitor and its state; its anomalies stay in history. */
  deleteMonitor(id: string): Promise<void>;
  /** The engine's own per-monitor state (opaque JSON to the store); undefined before the first save. */
  monitorState(id: string): Promise<JsonValue | undefined>;
  saveMonitorState(id: string, state: JsonValue): Promise<void>;

  /** Stores a new anomaly with its initial history. */
  createAnomaly(anomaly: Anomaly): Promise<void>;
  getAnomaly(id: string): Promise<Anomaly>;
  listAnomalies(filter: AnomalyFilter): Promise<{ data: Anomaly[]; nextCursor?: string }>;
  /** Updates the mutable fields (never `severity`) and appends `entry` to the history, atomically. */
  updateAnomaly(id: string, patch: AnomalyPatch, entry?: HistoryEntry): Promise<Anomaly>;
  appendAnomalyHistory(id: string, entry: HistoryEntry): Promise<void>;

  /** Queues a notification once per key (e.g. `<anomaly id>:opened`); false when the key exists. */
  enqueueNotification(
    item: { key: string; channel: string; payload: JsonValue },
    now: number,
  ): Promise<boolean>;
  /** Leases up to `limit` due, undelivered notifications (oldest first) until now + leaseMs. */
  claimNotifications(now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  /**
   * Marks a delivered notification: it is never claimed again. `receipt` keeps what the receiver
   * answered that a later notification needs (e.g. the id of a created annotation).
   */
  ackNotification(key: string, now: number, receipt?: JsonValue): Promise<void>;
  /** Releases a failed delivery to be retried at `retryAt`. */
  failNotification(key: string, retryAt: number, error: string): Promise<void>;
  /** Gives up on an undelivered notification: it is kept, listed by `deadLetters`, never claimed. */
  deadLetterNotification(key: string, now: number, error: string): Promise<void>;
  /** Queues a dead-lettered notification again under the same key, attempts counted afresh. */
  redriveNotification(key: string, now: number): Promise<void>;
  /** The receipt stored when `key` was delivered; undefined before that or without one. */
  notificationReceipt(key: string): Promise<JsonValue | undefined>;
  /** Dead-lettered notifications, the most recent first. */
  deadLetters(limit: number): Promise<DeadLetter[]>;
  /** Outbox counts per channel (failed attempts include those that led to a dead letter). */
  notificationStats(): Promise<NotificationStats[]>;

  /** Records a dismissal (buckets from..to leave baselines) or an accept (re-baseline from `from`). */
  addExclusion(exclusion: Exclusion): Promise<void>;
  /** The group's exclusions (org/feature null match null), oldest first. */
  exclusions(org: string | null, feature: string | null): Promise<Exclusion[]>;

  /**
   * Writes one check's (or one user verdict's) outcome in a single transaction, so a crash leaves
   * either all of it or none: engine states, new anomalies (an id already stored is kept as is — a
   * check re-run after a crash opens the same id), anomaly updates with their history entries,
   * exclusions (one already recorded for the same anomaly and kind is kept), extensions of a
   * dismissal's excluded range, and scheduler metadata.
   */
  commit(batch: StoreBatch): Promise<void>;
  /** Scheduler metadata written by `commit` (undefined when never written). */
  meta(key: string): Promise<JsonValue | undefined>;

  /** Stores PromQL samples (one value per bucket start; a later write for the same bucket wins). */
  putMetricPoints(monitorId: string, series: readonly MetricSeriesPoints[]): Promise<void>;
  /** A PromQL monitor's stored series with from ≤ start < to, oldest first. */
  metricPoints(monitorId: string, from: number, to: number): Promise<MetricSeriesPoints[]>;

  close(): Promise<void>;
}

export interface StoreBatch {
  states?: { monitorId: string; state: JsonValue }[];
  created?: Anomaly[];
  updated?: { id: string; patch: AnomalyPatch; entry?: HistoryEntry }[];
  exclusions?: Exclusion[];
  /** Extends the dismissal exclusion of `anomalyId` so it covers buckets up to `to` (exclusive). */
  extendExclusions?: { anomalyId: string; to: number }[];
  meta?: { key: string; value: JsonValue }[];
}

/** One label set of a PromQL monitor: its key (canonical label text), labels and [bucket start, value] pairs. */
export interface MetricSeriesPoints {
  key: string;
  labels: Record<string, string>;
  points: [number, number][];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface GroupInfo {
  org: string;
  feature: string | null;
  firstBucket: number;
  lastBucket: number;
}

/** What may change on a monitor (id, kind and creation time never do). */
export type MonitorPatch = Partial<Omit<Monitor, 'id' | 'kind' | 'created'>>;

/** What may change on an anomaly; severity is the value at opening and is never rewritten. */
export type AnomalyPatch = Partial<
  Pick<
    Anomaly,
    | 'status'
    | 'observed'
    | 'expected'
    | 'deviation_sigma'
    | 'deviation_pct'
    | 'last_seen'
    | 'resolved_at'
    | 'duration_seconds'
    | 'summary'
    | 'top_contributors'
  >
>;

export type HistoryEntry = Anomaly['history'][number];

export interface AnomalyFilter {
  status?: AnomalyStatus[];
  type?: AnomalyType;
  org?: string;
  feature?: string;
  monitorId?: string;
  /** Detected at or after / before (epoch ms). */
  from?: number;
  to?: number;
  /** Newest first; at most this many (default 100). */
  limit?: number;
  cursor?: string;
}

export interface OutboxItem {
  key: string;
  channel: string;
  payload: JsonValue;
  /** Deliveries tried before this one. */
  attempts: number;
  created: number;
}

export interface DeadLetter extends OutboxItem {
  deadAt: number;
  lastError: string;
}

export interface Exclusion {
  anomalyId: string;
  monitorId: string;
  kind: 'dismissed' | 'accepted';
  org: string | null;
  feature: string | null;
  from: number;
  /** Dismissed: the last excluded instant; accepted: null (the new normal starts at `from`). */
  to: number | null;
  reason: string | null;
  at: number;
}
