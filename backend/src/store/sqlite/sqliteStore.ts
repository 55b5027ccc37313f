import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  Anomaly,
  BucketAggregate,
  IngestResult,
  Monitor,
  NotificationStats,
} from '../../contract/monitors';
import type { BucketColumns } from '../../baseline/bucketColumns';
import { RETENTION_MS, type EventRecord } from '../eventRecord';
import type {
  AnomalyFilter,
  AnomalyPatch,
  DeadLetter,
  Exclusion,
  GroupInfo,
  HistoryEntry,
  JsonValue,
  MetricSeriesPoints,
  MonitorPatch,
  MonitorStore,
  OutboxItem,
  StoreBatch,
} from '../monitorStore';
import { migrate } from './migrations';
import { SqliteAnomalies } from './sqliteAnomalies';
import { SqliteBatch } from './sqliteBatch';
import { SqliteEvents } from './sqliteEvents';
import { SqliteMetrics } from './sqliteMetrics';
import { SqliteMonitors } from './sqliteMonitors';
import { SqliteOutbox } from './sqliteOutbox';

export interface SqliteStoreOptions {
  /** Buckets and event ids older than this are pruned (default 28 days). */
  retentionMs?: number;
  /**
   * `normal` (default): with WAL, a committed transaction survives a crash of the process (kill -9);
   * an OS crash or power loss may lose the last transactions, never corrupt the file. `full` fsyncs
   * the WAL on every commit and survives power loss too, at a cost per batch.
   */
  synchronous?: 'normal' | 'full';
}

/** The embedded store: one SQLite file in WAL mode, opened and migrated synchronously. */
export class SqliteMonitorStore implements MonitorStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly events: SqliteEvents;
  private readonly monitors: SqliteMonitors;
  private readonly anomalies: SqliteAnomalies;
  private readonly outbox: SqliteOutbox;
  private readonly batches: SqliteBatch;
  private readonly metrics: SqliteMetrics;
  private readonly retentionMs: number;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.events = new SqliteEvents(this.db, options.retentionMs ?? RETENTION_MS);
    this.monitors = new SqliteMonitors(this.db);
    this.anomalies = new SqliteAnomalies(this.db);
    this.outbox = new SqliteOutbox(this.db);
    this.batches = new SqliteBatch(this.db, this.anomalies);
    this.metrics = new SqliteMetrics(this.db);
    this.retentionMs = options.retentionMs ?? RETENTION_MS;
  }

  /** `integrity_check`'s verdict ("ok" for a sound file). */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Bytes of the buckets table and its index pages (for memory-per-series figures). */
  bucketBytes(): number {
    const row = this.db.prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = 'buckets'").get() as {
      bytes: number | null;
    };
    return row.bytes ?? 0;
  }

  ingest = async (events: readonly EventRecord[]): Promise<IngestResult> => this.events.ingest(events);
  buckets = async (
    org: string,
    feature: string | null,
    from: number,
    to: number,
  ): Promise<BucketAggregate[]> => this.events.buckets(org, feature, from, to);
  bucketColumns = async (
    org: string,
    feature: string | null,
    from: number,
    to: number,
  ): Promise<BucketColumns> => this.events.columns(org, feature, from, to);
  groups = async (): Promise<GroupInfo[]> => this.events.groups();
  prune = async (now: number): Promise<number> =>
    this.events.prune(now) + this.metrics.prune(now - this.retentionMs);

  createMonitor = async (monitor: Monitor): Promise<void> => this.monitors.create(monitor);
  getMonitor = async (id: string): Promise<Monitor> => this.monitors.get(id);
  listMonitors = async (filter: { kind?: Monitor['kind']; org?: string } = {}): Promise<Monitor[]> =>
    this.monitors.list(filter);
  updateMonitor = async (id: string, patch: MonitorPatch): Promise<Monitor> =>
    this.monitors.update(id, patch);
  deleteMonitor = async (id: string): Promise<void> =>
    this.db.transaction(() => {
      this.monitors.delete(id);
      this.metrics.drop(id);
    })();
  monitorState = async (id: string): Promise<JsonValue | undefined> => this.monitors.state(id);
  saveMonitorState = async (id: string, state: JsonValue): Promise<void> =>
    this.monitors.saveState(id, state);

  createAnomaly = async (anomaly: Anomaly): Promise<void> => this.anomalies.create(anomaly);
  getAnomaly = async (id: string): Promise<Anomaly> => this.anomalies.get(id);
  listAnomalies = async (filter: AnomalyFilter): Promise<{ data: Anomaly[]; nextCursor?: string }> =>
    this.anomalies.list(filter);
  updateAnomaly = async (id: string, patch: AnomalyPatch, entry?: HistoryEntry): Promise<Anomaly> =>
    this.anomalies.update(id, patch, entry);
  appendAnomalyHistory = async (id: string, entry: HistoryEntry): Promise<void> =>
    this.anomalies.appendHistory(id, entry);

  enqueueNotification = async (
    item: { key: string; channel: string; payload: JsonValue },
    now: number,
  ): Promise<boolean> => this.outbox.enqueue(item, now);
  claimNotifications = async (now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> =>
    this.outbox.claim(now, limit, leaseMs);
  ackNotification = async (key: string, now: number, receipt?: JsonValue): Promise<void> =>
    this.outbox.ack(key, now, receipt);
  failNotification = async (key: string, retryAt: number, error: string): Promise<void> =>
    this.outbox.fail(key, retryAt, error);
  deadLetterNotification = async (key: string, now: number, error: string): Promise<void> =>
    this.outbox.deadLetter(key, now, error);
  redriveNotification = async (key: string, now: number): Promise<void> => this.outbox.redrive(key, now);
  notificationReceipt = async (key: string): Promise<JsonValue | undefined> => this.outbox.receipt(key);
  deadLetters = async (limit: number): Promise<DeadLetter[]> => this.outbox.deadLetters(limit);
  notificationStats = async (): Promise<NotificationStats[]> => this.outbox.stats();

  addExclusion = async (exclusion: Exclusion): Promise<void> => this.monitors.addExclusion(exclusion);
  exclusions = async (org: string | null, feature: string | null): Promise<Exclusion[]> =>
    this.monitors.exclusions(org, feature);

  commit = async (batch: StoreBatch): Promise<void> => this.batches.commit(batch);
  meta = async (key: string): Promise<JsonValue | undefined> => this.batches.meta(key);
  putMetricPoints = async (monitorId: string, series: readonly MetricSeriesPoints[]): Promise<void> =>
    this.metrics.put(monitorId, series);
  metricPoints = async (monitorId: string, from: number, to: number): Promise<MetricSeriesPoints[]> =>
    this.metrics.points(monitorId, from, to);

  close = async (): Promise<void> => {
    if (this.db.open) this.db.close();
  };
}
