import type { Database, Statement } from 'better-sqlite3';
import type { BucketAggregate, IngestResult } from '../../contract/monitors';
import { allocateBucketColumns, type BucketColumns } from '../../baseline/bucketColumns';
import { aggregateBatch, BucketPartial } from '../bucketPartial';
import type { EventRecord } from '../eventRecord';
import { LatencySketch } from '../latencySketch';
import type { GroupInfo } from '../monitorStore';

interface BucketRow {
  start: number;
  requests: number;
  errors: number;
  cost: number;
  tokens_in: number;
  tokens_out: number;
  model_mismatch: number;
  latency: Buffer | null;
  model_requested: string | null;
  model_actual: string | null;
}

const BUCKET_COLUMNS =
  'start, requests, errors, cost, tokens_in, tokens_out, model_mismatch, latency, model_requested, model_actual';

/** Where `columns` writes the buckets its aggregate function is stepped through. */
interface ColumnsSink {
  out: ReturnType<typeof allocateBucketColumns>;
  k: number;
  json: string | null;
  models: Readonly<Record<string, number>>;
}

const NO_MODELS: Readonly<Record<string, number>> = Object.freeze({});

/** Events, buckets and event ids in SQLite: one immediate transaction per batch, prepared statements. */
export class SqliteEvents {
  private readonly seeId: Statement<[string, string, number]>;
  private readonly upsertGroup: Statement<[string, string, number, number]>;
  private readonly readBucket: Statement<[number, number]>;
  private readonly writeBucket: Statement<unknown[]>;
  private readonly readBuckets: Statement<[string, string, number, number]>;
  private readonly countColumns: Statement<[string, string, number, number]>;
  private readonly readColumns: Statement<[string, string, number, number]>;
  private readonly columnsTx: (org: string, feature: string, from: number, to: number) => BucketColumns;
  private sink: ColumnsSink | null = null;
  private readonly ingestTx: (events: readonly EventRecord[]) => IngestResult;

  constructor(
    private readonly db: Database,
    private readonly retentionMs: number,
  ) {
    this.seeId = db.prepare('INSERT OR IGNORE INTO event_ids (org, id, ts) VALUES (?, ?, ?)');
    this.upsertGroup = db.prepare(
      `INSERT INTO groups (org, feature, first_start, last_start) VALUES (?, ?, ?, ?)
       ON CONFLICT (org, feature) DO UPDATE SET
         first_start = min(first_start, excluded.first_start), last_start = max(last_start, excluded.last_start)
       RETURNING id`,
    );
    this.readBucket = db.prepare(`SELECT ${BUCKET_COLUMNS} FROM buckets WHERE group_id = ? AND start = ?`);
    this.writeBucket = db.prepare(
      `INSERT OR REPLACE INTO buckets (group_id, ${BUCKET_COLUMNS}, latency_p95)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const groupRange = `FROM buckets b JOIN groups g ON g.id = b.group_id
       WHERE g.org = ? AND g.feature = ? AND b.start >= ? AND b.start < ? ORDER BY b.start`;
    this.readBuckets = db.prepare(
      `SELECT ${BUCKET_COLUMNS.split(', ')
        .map((c) => `b.${c}`)
        .join(', ')} ${groupRange}`,
    );
    // Each bucket goes straight from SQLite into typed columns through an aggregate function:
    // no row object or array per bucket (the costliest part of reading 28 days of buckets).
    db.aggregate('lens_bucket_columns', {
      varargs: true,
      start: 0,
      step: (n: number, ...row: unknown[]) => {
        this.stepColumns(row as Parameters<SqliteEvents['stepColumns']>[0]);
        return n + 1;
      },
    });
    this.countColumns = db.prepare(`SELECT count(*) ${groupRange}`).pluck();
    this.readColumns = db
      .prepare(
        `SELECT lens_bucket_columns(b.start, b.requests, b.errors, b.cost, b.model_mismatch, b.latency_p95,
           CASE WHEN b.latency_p95 IS NULL THEN b.latency END, b.model_actual ORDER BY b.start) ${groupRange}`,
      )
      .pluck();
    this.columnsTx = db.transaction((org: string, feature: string, from: number, to: number) => {
      const length = this.countColumns.get(org, feature, from, to) as number;
      const sink: ColumnsSink = { out: allocateBucketColumns(length), k: 0, json: null, models: NO_MODELS };
      this.sink = sink;
      try {
        this.readColumns.get(org, feature, from, to);
      } finally {
        this.sink = null;
      }
      return sink.out;
    });
    this.ingestTx = (events) => db.transaction(() => this.ingestInTransaction(events)).immediate();
  }

  ingest(events: readonly EventRecord[]): IngestResult {
    return events.length === 0 ? { accepted: 0, duplicates: 0 } : this.ingestTx(events);
  }

  private ingestInTransaction(events: readonly EventRecord[]): IngestResult {
    const fresh: EventRecord[] = [];
    for (const event of events) {
      if (event.id === null || this.seeId.run(event.org, event.id, event.ts).changes === 1) fresh.push(event);
    }
    const batch = aggregateBatch(fresh);
    const span = new Map<string, { org: string; feature: string; first: number; last: number }>();
    for (const { org, feature, start } of batch) {
      const key = `${org}\u0000${feature ?? ''}`;
      const seen = span.get(key);
      if (!seen) span.set(key, { org, feature: feature ?? '', first: start, last: start });
      else {
        seen.first = Math.min(seen.first, start);
        seen.last = Math.max(seen.last, start);
      }
    }
    const groupIds = new Map<string, number>();
    for (const [key, g] of span) {
      const row = this.upsertGroup.get(g.org, g.feature, g.first, g.last) as { id: number };
      groupIds.set(key, row.id);
    }
    for (const { org, feature, start, partial } of batch) {
      const groupId = groupIds.get(`${org}\u0000${feature ?? ''}`)!;
      const existing = this.readBucket.get(groupId, start) as BucketRow | undefined;
      if (existing) partial.merge(fromRow(existing));
      this.writeBucket.run(
        groupId,
        start,
        partial.requests,
        partial.errors,
        partial.cost,
        partial.tokensIn,
        partial.tokensOut,
        partial.modelMismatch,
        partial.latency.count > 0 ? partial.latency.toBytes() : null,
        partial.modelRequested.size > 0 ? JSON.stringify(Object.fromEntries(partial.modelRequested)) : null,
        partial.modelActual.size > 0 ? JSON.stringify(Object.fromEntries(partial.modelActual)) : null,
        partial.latency.quantile(0.95),
      );
    }
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  buckets(org: string, feature: string | null, from: number, to: number): BucketAggregate[] {
    const rows = this.readBuckets.all(org, feature ?? '', from, to) as BucketRow[];
    return rows.map((row) => fromRow(row).toAggregate(org, feature, row.start));
  }

  /**
   * `buckets` reduced to what a check's series need, decoded in one pass into typed columns: no
   * object per bucket, the stored p95 instead of the sketch, and one parse per distinct run of
   * model counts. Counted and read in one transaction (one snapshot).
   */
  columns(org: string, feature: string | null, from: number, to: number): BucketColumns {
    return this.columnsTx(org, feature ?? '', from, to);
  }

  private stepColumns(
    row: [
      start: number,
      requests: number,
      errors: number,
      cost: number,
      mismatch: number,
      p95: number | null,
      legacySketch: Buffer | null,
      modelActual: string | null,
    ],
  ): void {
    const sink = this.sink!;
    const { out } = sink;
    const k = sink.k++;
    out.start[k] = row[0];
    out.requests[k] = row[1];
    out.errors[k] = row[2];
    out.cost[k] = row[3];
    out.mismatch[k] = row[4];
    // Rows written before the p95 column existed: read it from the sketch, as `buckets` does.
    out.p95[k] = row[5] ?? (row[6] === null ? NaN : (LatencySketch.fromBytes(row[6]).quantile(0.95) ?? NaN));
    if (row[7] !== sink.json) {
      sink.json = row[7];
      sink.models = sink.json === null ? NO_MODELS : (JSON.parse(sink.json) as Record<string, number>);
    }
    out.modelActual[k] = sink.models;
  }

  groups(): GroupInfo[] {
    const rows = this.db
      .prepare('SELECT org, feature, first_start, last_start FROM groups ORDER BY org, feature')
      .all() as { org: string; feature: string; first_start: number; last_start: number }[];
    return rows.map((r) => ({
      org: r.org,
      feature: r.feature === '' ? null : r.feature,
      firstBucket: r.first_start,
      lastBucket: r.last_start,
    }));
  }

  /** Deletes per group through the primary key (no full scan of the buckets). */
  prune(now: number): number {
    const cutoff = now - this.retentionMs;
    return this.db
      .transaction(() => {
        let removed = this.db.prepare('DELETE FROM event_ids WHERE ts < ?').run(cutoff).changes;
        const groups = this.db.prepare('SELECT id FROM groups').all() as { id: number }[];
        const deleteOld = this.db.prepare('DELETE FROM buckets WHERE group_id = ? AND start < ?');
        for (const { id } of groups) removed += deleteOld.run(id, cutoff).changes;
        const gone = this.db
          .prepare(
            'DELETE FROM groups WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.group_id = groups.id)',
          )
          .run().changes;
        this.db
          .prepare(
            `UPDATE groups SET first_start = (SELECT min(start) FROM buckets b WHERE b.group_id = groups.id)
             WHERE first_start < ?`,
          )
          .run(cutoff);
        return removed + gone;
      })
      .immediate();
  }
}

function fromRow(row: BucketRow): BucketPartial {
  const partial = new BucketPartial();
  partial.requests = row.requests;
  partial.errors = row.errors;
  partial.cost = row.cost;
  partial.tokensIn = row.tokens_in;
  partial.tokensOut = row.tokens_out;
  partial.modelMismatch = row.model_mismatch;
  partial.latency = LatencySketch.fromBytes(row.latency);
  partial.modelRequested = counts(row.model_requested);
  partial.modelActual = counts(row.model_actual);
  return partial;
}

const counts = (json: string | null): Map<string, number> =>
  new Map(json ? Object.entries(JSON.parse(json) as Record<string, number>) : []);
