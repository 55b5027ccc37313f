import path from 'node:path';
import Database from 'better-sqlite3';

/** Read-only look into a service's monitors.db: what the org totals hold, and whether it is sound. */
export function readEventsDb(dataDir: string): {
  requests: number;
  errors: number;
  ids: number;
  integrity: string;
} {
  const db = new Database(path.join(dataDir, 'monitors.db'), { readonly: true, fileMustExist: true });
  try {
    const totals = db
      .prepare(
        `SELECT coalesce(sum(b.requests), 0) AS requests, coalesce(sum(b.errors), 0) AS errors
         FROM buckets b JOIN groups g ON g.id = b.group_id WHERE g.feature = ''`,
      )
      .get() as { requests: number; errors: number };
    const ids = (db.prepare('SELECT count(*) AS n FROM event_ids').get() as { n: number }).n;
    return { ...totals, ids, integrity: String(db.pragma('integrity_check', { simple: true })) };
  } finally {
    db.close();
  }
}

/** `n` valid events of org `org`, ids `${prefix}-0…`, stamped a few minutes ago. */
export function events(n: number, prefix: string, org = 'acme'): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    org,
    feature: i % 2 ? 'chat' : 'search',
    timestamp: i % 3 ? now - 60_000 - i : new Date(now - 120_000).toISOString(),
    cost: 0.001 * (i % 7),
    latency_ms: 50 + (i % 400),
    status: i % 50 === 0 ? 503 : 200,
    model_requested: 'gpt-4o',
    model_actual: i % 10 ? 'gpt-4o' : 'gpt-4o-mini',
    tokens_in: 100,
    tokens_out: 30,
  }));
}
