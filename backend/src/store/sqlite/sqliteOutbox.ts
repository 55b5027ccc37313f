import type { Database } from 'better-sqlite3';
import { notFound } from '../../core/errors';
import type { JsonValue, OutboxItem } from '../monitorStore';

/** The notification outbox: idempotent on its key, leased while a delivery is attempted. */
export class SqliteOutbox {
  constructor(private readonly db: Database) {}

  enqueue(item: { key: string; channel: string; payload: JsonValue }, now: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO outbox (key, channel, payload, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(item.key, item.channel, JSON.stringify(item.payload), now, now).changes === 1
    );
  }

  claim(now: number, limit: number, leaseMs: number): OutboxItem[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT key, channel, payload, attempts, created_ms FROM outbox
             WHERE delivered_ms IS NULL AND next_attempt_ms <= @now AND (lease_until_ms IS NULL OR lease_until_ms <= @now)
             ORDER BY created_ms, key LIMIT @limit`,
          )
          .all({ now, limit }) as {
          key: string;
          channel: string;
          payload: string;
          attempts: number;
          created_ms: number;
        }[];
        const lease = this.db.prepare(
          'UPDATE outbox SET lease_until_ms = ?, attempts = attempts + 1 WHERE key = ?',
        );
        for (const row of rows) lease.run(now + leaseMs, row.key);
        return rows.map((r) => ({
          key: r.key,
          channel: r.channel,
          payload: JSON.parse(r.payload) as JsonValue,
          attempts: r.attempts,
          created: r.created_ms,
        }));
      })
      .immediate();
  }

  ack(key: string, now: number): void {
    const changes = this.db
      .prepare('UPDATE outbox SET delivered_ms = ?, lease_until_ms = NULL WHERE key = ?')
      .run(now, key).changes;
    if (changes === 0) throw notFound(`notification '${key}' not found`);
  }

  fail(key: string, retryAt: number, error: string): void {
    const changes = this.db
      .prepare(
        'UPDATE outbox SET next_attempt_ms = ?, lease_until_ms = NULL, last_error = ? WHERE key = ? AND delivered_ms IS NULL',
      )
      .run(retryAt, error.slice(0, 2000), key).changes;
    if (changes === 0) throw notFound(`undelivered notification '${key}' not found`);
  }
}
