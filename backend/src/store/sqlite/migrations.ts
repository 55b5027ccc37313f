import type { Database } from 'better-sqlite3';

/**
 * The schema, as an ordered list of migrations. Each runs once, in its own transaction together
 * with its row in `schema_migrations`, so a crash mid-migration leaves the previous version intact.
 * Never edit a released migration: append a new one.
 */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event aggregates and event ids',
    sql: `
      -- One row per group: the org total (feature '') or one (org, feature).
      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        org TEXT NOT NULL,
        feature TEXT NOT NULL,
        first_start INTEGER NOT NULL,
        last_start INTEGER NOT NULL,
        UNIQUE (org, feature)
      );
      -- 5-minute aggregates; latency is a LatencySketch's bins, the model columns JSON counts.
      CREATE TABLE buckets (
        group_id INTEGER NOT NULL REFERENCES groups (id),
        start INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        cost REAL NOT NULL,
        tokens_in INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        model_mismatch INTEGER NOT NULL,
        latency BLOB,
        model_requested TEXT,
        model_actual TEXT,
        PRIMARY KEY (group_id, start)
      ) WITHOUT ROWID;
      -- Ids seen per org, for de-duplication within the retention window.
      CREATE TABLE event_ids (
        org TEXT NOT NULL,
        id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (org, id)
      ) WITHOUT ROWID;
      CREATE INDEX event_ids_ts ON event_ids (ts);
    `,
  },
  {
    version: 2,
    name: 'monitors, anomalies, outbox, exclusions',
    sql: `
      CREATE TABLE monitors (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        org TEXT,
        doc TEXT NOT NULL,
        state TEXT
      );
      CREATE TABLE anomalies (
        id TEXT PRIMARY KEY,
        monitor_id TEXT NOT NULL,
        type TEXT NOT NULL,
        org TEXT,
        feature TEXT,
        status TEXT NOT NULL,
        detected_ms INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX anomalies_newest ON anomalies (detected_ms DESC, id DESC);
      CREATE INDEX anomalies_monitor ON anomalies (monitor_id, status);
      CREATE TABLE anomaly_history (
        anomaly_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (anomaly_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL,
        lease_until_ms INTEGER,
        delivered_ms INTEGER,
        last_error TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_ms) WHERE delivered_ms IS NULL;
      CREATE TABLE exclusions (
        id INTEGER PRIMARY KEY,
        anomaly_id TEXT NOT NULL,
        monitor_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        org TEXT,
        feature TEXT,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER,
        reason TEXT,
        at_ms INTEGER NOT NULL,
        UNIQUE (anomaly_id, kind)
      );
      CREATE INDEX exclusions_group ON exclusions (org, feature);
    `,
  },
  {
    version: 3,
    name: 'scheduler metadata, PromQL samples',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE metric_series (
        monitor_id TEXT NOT NULL,
        series_key TEXT NOT NULL,
        labels TEXT NOT NULL,
        PRIMARY KEY (monitor_id, series_key)
      ) WITHOUT ROWID;
      CREATE TABLE metric_points (
        monitor_id TEXT NOT NULL,
        series_key TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (monitor_id, series_key, start_ms)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'outbox dead letters, failure counts and delivery receipts',
    sql: `
      -- dead_ms: given up after the last allowed attempt (never claimed again unless redriven).
      ALTER TABLE outbox ADD COLUMN dead_ms INTEGER;
      ALTER TABLE outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      -- What the receiver answered that later deliveries need (a Grafana annotation id).
      ALTER TABLE outbox ADD COLUMN receipt TEXT;
      DROP INDEX outbox_due;
      CREATE INDEX outbox_due ON outbox (next_attempt_ms) WHERE delivered_ms IS NULL AND dead_ms IS NULL;
      CREATE INDEX outbox_dead ON outbox (dead_ms) WHERE dead_ms IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'bucket p95 latency',
    sql: `
      -- The latency sketch's p95, written with it, so a check reads no sketch. NULL on rows written
      -- before this version (their p95 is read from the sketch) and when no request had a latency.
      ALTER TABLE buckets ADD COLUMN latency_p95 REAL;
    `,
  },
];

/** Applies the migrations the database has not seen yet; returns the schema version. */
export function migrate(db: Database, now: () => Date = () => new Date()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > known)
    throw new Error(`monitors.db has schema version ${newest}, newer than this build knows (${known})`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
    }).immediate();
  }
  return known;
}
