import type { Database } from 'better-sqlite3';
import type { Anomaly } from '../../contract/monitors';
import { conflict, invalidInput, notFound } from '../../core/errors';
import type { AnomalyFilter, AnomalyPatch, HistoryEntry } from '../monitorStore';

type AnomalyDoc = Omit<Anomaly, 'history'>;

/** Anomalies (filter columns + the wire document) and their append-only history. */
export class SqliteAnomalies {
  constructor(private readonly db: Database) {}

  create(anomaly: Anomaly): void {
    this.db
      .transaction(() => {
        if (!this.createIfAbsent(anomaly)) throw conflict(`anomaly '${anomaly.id}' already exists`);
      })
      .immediate();
  }

  /** Inserts the anomaly and its history unless the id exists; true when inserted. */
  createIfAbsent(anomaly: Anomaly): boolean {
    return this.db.transaction(() => {
      const { history, ...doc } = anomaly;
      const result = this.db
        .prepare(
          `INSERT OR IGNORE INTO anomalies (id, monitor_id, type, org, feature, status, detected_ms, doc)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          doc.id,
          doc.monitor_id,
          doc.type,
          doc.org,
          doc.feature,
          doc.status,
          Date.parse(doc.detected_at),
          JSON.stringify(doc),
        );
      if (result.changes === 0) return false;
      for (const entry of history) this.append(anomaly.id, entry);
      return true;
    })();
  }

  get(id: string): Anomaly {
    const row = this.db.prepare('SELECT doc FROM anomalies WHERE id = ?').get(id) as
      { doc: string } | undefined;
    if (!row) throw notFound(`anomaly '${id}' not found`);
    return this.withHistory(JSON.parse(row.doc) as AnomalyDoc);
  }

  list(filter: AnomalyFilter): { data: Anomaly[]; nextCursor?: string } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]): void => {
      where.push(sql);
      args.push(...values);
    };
    if (filter.status?.length)
      add(`status IN (${filter.status.map(() => '?').join(', ')})`, ...filter.status);
    if (filter.type) add('type = ?', filter.type);
    if (filter.org !== undefined) add('org = ?', filter.org);
    if (filter.feature !== undefined) add('feature = ?', filter.feature);
    if (filter.monitorId !== undefined) add('monitor_id = ?', filter.monitorId);
    if (filter.from !== undefined) add('detected_ms >= ?', filter.from);
    if (filter.to !== undefined) add('detected_ms < ?', filter.to);
    if (filter.cursor) {
      const [ms, id] = decodeCursor(filter.cursor);
      add('(detected_ms < ? OR (detected_ms = ? AND id < ?))', ms, ms, id);
    }
    const limit = Math.max(1, Math.min(1000, filter.limit ?? 100));
    const rows = this.db
      .prepare(
        `SELECT doc, detected_ms FROM anomalies ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY detected_ms DESC, id DESC LIMIT ?`,
      )
      .all(...args, limit + 1) as { doc: string; detected_ms: number }[];
    const page = rows.slice(0, limit).map((r) => this.withHistory(JSON.parse(r.doc) as AnomalyDoc));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last
      ? { data: page, nextCursor: encodeCursor(last.detected_ms, page[page.length - 1].id) }
      : { data: page };
  }

  update(id: string, patch: AnomalyPatch, entry?: HistoryEntry): Anomaly {
    return this.db
      .transaction(() => {
        const { history: _history, ...current } = this.get(id);
        const next: AnomalyDoc = {
          ...current,
          ...definedOnly(patch),
          severity: current.severity,
          id: current.id,
        };
        this.db
          .prepare('UPDATE anomalies SET status = ?, doc = ? WHERE id = ?')
          .run(next.status, JSON.stringify(next), id);
        if (entry) this.append(id, entry);
        return this.withHistory(next);
      })
      .immediate();
  }

  appendHistory(id: string, entry: HistoryEntry): void {
    this.db
      .transaction(() => {
        if (!this.db.prepare('SELECT 1 FROM anomalies WHERE id = ?').get(id))
          throw notFound(`anomaly '${id}' not found`);
        this.append(id, entry);
      })
      .immediate();
  }

  private append(id: string, entry: HistoryEntry): void {
    this.db
      .prepare(
        `INSERT INTO anomaly_history (anomaly_id, seq, at, status, note)
         VALUES (@id, (SELECT coalesce(max(seq), 0) + 1 FROM anomaly_history WHERE anomaly_id = @id), @at, @status, @note)`,
      )
      .run({ id, at: entry.at, status: entry.status, note: entry.note ?? null });
  }

  private withHistory(doc: AnomalyDoc): Anomaly {
    const rows = this.db
      .prepare('SELECT at, status, note FROM anomaly_history WHERE anomaly_id = ? ORDER BY seq')
      .all(doc.id) as { at: string; status: Anomaly['status']; note: string | null }[];
    return {
      ...doc,
      history: rows.map((r) => (r.note === null ? { at: r.at, status: r.status } : { ...r, note: r.note })),
    };
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const encodeCursor = (ms: number, id: string): string =>
  Buffer.from(JSON.stringify([ms, id])).toString('base64url');

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw invalidInput('invalid cursor: pass next_cursor from a previous page unchanged');
}
