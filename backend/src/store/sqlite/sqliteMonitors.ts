import type { Database } from 'better-sqlite3';
import type { Monitor } from '../../contract/monitors';
import { conflict, notFound } from '../../core/errors';
import type { Exclusion, JsonValue, MonitorPatch } from '../monitorStore';

/** Monitors (the wire document as JSON, kind and org as columns), their engine state, exclusions. */
export class SqliteMonitors {
  constructor(private readonly db: Database) {}

  create(monitor: Monitor): void {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO monitors (id, kind, org, doc) VALUES (?, ?, ?, ?)')
      .run(monitor.id, monitor.kind, monitor.org, JSON.stringify(monitor));
    if (result.changes === 0) throw conflict(`monitor '${monitor.id}' already exists`);
  }

  get(id: string): Monitor {
    const row = this.db.prepare('SELECT doc FROM monitors WHERE id = ?').get(id) as
      { doc: string } | undefined;
    if (!row) throw notFound(`monitor '${id}' not found`);
    return JSON.parse(row.doc) as Monitor;
  }

  list(filter: { kind?: Monitor['kind']; org?: string }): Monitor[] {
    const rows = this.db
      .prepare(
        `SELECT doc FROM monitors WHERE (@kind IS NULL OR kind = @kind) AND (@org IS NULL OR org = @org) ORDER BY id`,
      )
      .all({ kind: filter.kind ?? null, org: filter.org ?? null }) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Monitor);
  }

  update(id: string, patch: MonitorPatch): Monitor {
    return this.db
      .transaction(() => {
        const current = this.get(id);
        const next: Monitor = {
          ...current,
          ...patch,
          id: current.id,
          kind: current.kind,
          created: current.created,
        };
        for (const key of Object.keys(next) as (keyof Monitor)[])
          if (next[key] === undefined) delete next[key];
        this.db
          .prepare('UPDATE monitors SET org = ?, doc = ? WHERE id = ?')
          .run(next.org, JSON.stringify(next), id);
        return next;
      })
      .immediate();
  }

  delete(id: string): void {
    if (this.db.prepare('DELETE FROM monitors WHERE id = ?').run(id).changes === 0)
      throw notFound(`monitor '${id}' not found`);
  }

  state(id: string): JsonValue | undefined {
    const row = this.db.prepare('SELECT state FROM monitors WHERE id = ?').get(id) as
      { state: string | null } | undefined;
    if (!row) throw notFound(`monitor '${id}' not found`);
    return row.state === null ? undefined : (JSON.parse(row.state) as JsonValue);
  }

  saveState(id: string, state: JsonValue): void {
    if (
      this.db.prepare('UPDATE monitors SET state = ? WHERE id = ?').run(JSON.stringify(state), id).changes ===
      0
    )
      throw notFound(`monitor '${id}' not found`);
  }

  addExclusion(e: Exclusion): void {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO exclusions (anomaly_id, monitor_id, kind, org, feature, from_ms, to_ms, reason, at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.anomalyId, e.monitorId, e.kind, e.org, e.feature, e.from, e.to, e.reason, e.at);
    if (result.changes === 0) throw conflict(`anomaly '${e.anomalyId}' is already ${e.kind}`);
  }

  exclusions(org: string | null, feature: string | null): Exclusion[] {
    const rows = this.db
      .prepare(
        `SELECT anomaly_id, monitor_id, kind, org, feature, from_ms, to_ms, reason, at_ms FROM exclusions
         WHERE org IS ? AND feature IS ? ORDER BY at_ms, id`,
      )
      .all(org, feature) as {
      anomaly_id: string;
      monitor_id: string;
      kind: Exclusion['kind'];
      org: string | null;
      feature: string | null;
      from_ms: number;
      to_ms: number | null;
      reason: string | null;
      at_ms: number;
    }[];
    return rows.map((r) => ({
      anomalyId: r.anomaly_id,
      monitorId: r.monitor_id,
      kind: r.kind,
      org: r.org,
      feature: r.feature,
      from: r.from_ms,
      to: r.to_ms,
      reason: r.reason,
      at: r.at_ms,
    }));
  }
}
