import type { Database } from 'better-sqlite3';
import type { JsonValue, StoreBatch } from '../monitorStore';
import type { SqliteAnomalies } from './sqliteAnomalies';

/** `MonitorStore.commit` and scheduler metadata: one transaction per batch. */
export class SqliteBatch {
  constructor(
    private readonly db: Database,
    private readonly anomalies: SqliteAnomalies,
  ) {}

  commit(batch: StoreBatch): void {
    const saveState = this.db.prepare('UPDATE monitors SET state = ? WHERE id = ?');
    const exclude = this.db.prepare(
      `INSERT OR IGNORE INTO exclusions (anomaly_id, monitor_id, kind, org, feature, from_ms, to_ms, reason, at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const extend = this.db.prepare(
      `UPDATE exclusions SET to_ms = max(coalesce(to_ms, 0), ?) WHERE anomaly_id = ? AND kind = 'dismissed'`,
    );
    const putMeta = this.db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db
      .transaction(() => {
        // A monitor deleted meanwhile simply has no row to update: its state goes with it.
        for (const s of batch.states ?? []) saveState.run(JSON.stringify(s.state), s.monitorId);
        for (const a of batch.created ?? []) this.anomalies.createIfAbsent(a);
        for (const u of batch.updated ?? []) this.anomalies.update(u.id, u.patch, u.entry);
        for (const e of batch.exclusions ?? [])
          exclude.run(e.anomalyId, e.monitorId, e.kind, e.org, e.feature, e.from, e.to, e.reason, e.at);
        for (const x of batch.extendExclusions ?? []) extend.run(x.to, x.anomalyId);
        for (const m of batch.meta ?? []) putMeta.run(m.key, JSON.stringify(m.value));
      })
      .immediate();
  }

  meta(key: string): JsonValue | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as JsonValue) : undefined;
  }
}
