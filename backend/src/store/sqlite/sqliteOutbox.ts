import type { Database } from 'better-sqlite3';
import type { NotificationStats } from '../../contract/monitors';
import { notFound } from '../../core/errors';
import type { DeadLetter, JsonValue, OutboxItem } from '../monitorStore';

const ERROR_CHARS = 2000;

interface ItemRow {
  key: string;
  channel: string;
  payload: string;
  attempts: number;
  created_ms: number;
}

const toItem = (r: ItemRow): OutboxItem => ({
  key: r.key,
  channel: r.channel,
  payload: JSON.parse(r.payload) as JsonValue,
  attempts: r.attempts,
  created: r.created_ms,
});

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
             WHERE delivered_ms IS NULL AND dead_ms IS NULL AND next_attempt_ms <= @now
               AND (lease_until_ms IS NULL OR lease_until_ms <= @now)
             ORDER BY created_ms, key LIMIT @limit`,
          )
          .all({ now, limit }) as ItemRow[];
        const lease = this.db.prepare(
          'UPDATE outbox SET lease_until_ms = ?, attempts = attempts + 1 WHERE key = ?',
        );
        for (const row of rows) lease.run(now + leaseMs, row.key);
        return rows.map(toItem);
      })
      .immediate();
  }

  ack(key: string, now: number, receipt?: JsonValue): void {
    const changes = this.db
      .prepare(
        'UPDATE outbox SET delivered_ms = ?, lease_until_ms = NULL, receipt = coalesce(?, receipt) WHERE key = ?',
      )
      .run(now, receipt === undefined ? null : JSON.stringify(receipt), key).changes;
    if (changes === 0) throw notFound(`notification '${key}' not found`);
  }

  fail(key: string, retryAt: number, error: string): void {
    const changes = this.db
      .prepare(
        `UPDATE outbox SET next_attempt_ms = ?, lease_until_ms = NULL, last_error = ?, failures = failures + 1
         WHERE key = ? AND delivered_ms IS NULL AND dead_ms IS NULL`,
      )
      .run(retryAt, error.slice(0, ERROR_CHARS), key).changes;
    if (changes === 0) throw notFound(`undelivered notification '${key}' not found`);
  }

  deadLetter(key: string, now: number, error: string): void {
    const changes = this.db
      .prepare(
        `UPDATE outbox SET dead_ms = ?, lease_until_ms = NULL, last_error = ?, failures = failures + 1
         WHERE key = ? AND delivered_ms IS NULL AND dead_ms IS NULL`,
      )
      .run(now, error.slice(0, ERROR_CHARS), key).changes;
    if (changes === 0) throw notFound(`undelivered notification '${key}' not found`);
  }

  redrive(key: string, now: number): void {
    const changes = this.db
      .prepare(
        'UPDATE outbox SET dead_ms = NULL, attempts = 0, next_attempt_ms = ? WHERE key = ? AND dead_ms IS NOT NULL',
      )
      .run(now, key).changes;
    if (changes === 0) throw notFound(`dead-lettered notification '${key}' not found`);
  }

  receipt(key: string): JsonValue | undefined {
    const row = this.db.prepare('SELECT receipt FROM outbox WHERE key = ?').get(key) as
      { receipt: string | null } | undefined;
    return row?.receipt == null ? undefined : (JSON.parse(row.receipt) as JsonValue);
  }

  deadLetters(limit: number): DeadLetter[] {
    const rows = this.db
      .prepare(
        `SELECT key, channel, payload, attempts, created_ms, dead_ms, last_error FROM outbox
         WHERE dead_ms IS NOT NULL ORDER BY dead_ms DESC, key LIMIT ?`,
      )
      .all(limit) as (ItemRow & { dead_ms: number; last_error: string | null })[];
    return rows.map((r) => ({ ...toItem(r), deadAt: r.dead_ms, lastError: r.last_error ?? '' }));
  }

  stats(): NotificationStats[] {
    return this.db
      .prepare(
        `SELECT channel,
                count(delivered_ms) AS delivered,
                sum(failures) AS failed_attempts,
                count(dead_ms) AS dead_lettered,
                sum(delivered_ms IS NULL AND dead_ms IS NULL) AS pending
         FROM outbox GROUP BY channel ORDER BY channel`,
      )
      .all() as NotificationStats[];
  }
}
