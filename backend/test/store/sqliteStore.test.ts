import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { event, monitorStoreContract } from './monitorStoreContract';

const newFile = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-store-')), 'monitors.db');

monitorStoreContract('SQLite', async () => {
  const file = newFile();
  let store = new SqliteMonitorStore(file);
  return {
    store,
    reopen: async () => {
      await store.close();
      store = new SqliteMonitorStore(file);
      return store;
    },
  };
});

describe('SQLite store specifics', () => {
  it('runs in WAL mode and records every migration once, in order', async () => {
    const file = newFile();
    await new SqliteMonitorStore(file).close();
    await new SqliteMonitorStore(file).close(); // a second open applies nothing
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      db.close();
    }
  });

  it('upgrades a version-3 outbox in place: pending notifications stay claimable', async () => {
    const file = newFile();
    const db = new Database(file);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'x');
    }
    db.prepare(
      "INSERT INTO outbox (key, channel, payload, created_ms, attempts, next_attempt_ms) VALUES ('a1:opened', 'webhook', '{}', 1, 2, 5)",
    ).run();
    db.close();
    const store = new SqliteMonitorStore(file);
    try {
      expect((await store.claimNotifications(10, 10, 1_000)).map((c) => [c.key, c.attempts])).toEqual([
        ['a1:opened', 2],
      ]);
      expect(await store.notificationStats()).toEqual([
        { channel: 'webhook', delivered: 0, failed_attempts: 0, dead_lettered: 0, pending: 1 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses a database written by a newer schema', async () => {
    const file = newFile();
    await new SqliteMonitorStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    db.close();
    expect(() => new SqliteMonitorStore(file)).toThrow(/schema version 999/);
  });

  it('stores nothing of a batch that fails midway', async () => {
    const store = new SqliteMonitorStore(newFile());
    try {
      // A value SQLite cannot bind fails the batch after its first event was written.
      const broken = event({ id: 'b', org: Symbol('x') as unknown as string });
      await expect(store.ingest([event({ id: 'a' }), broken])).rejects.toThrow();
      expect(await store.buckets('acme', null, 0, Date.now() * 2)).toEqual([]);
      expect(await store.ingest([event({ id: 'a' })])).toEqual({ accepted: 1, duplicates: 0 });
    } finally {
      await store.close();
    }
  });
});
