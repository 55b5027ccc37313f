import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUCKET_MS } from '../../src/contract/monitors';
import { buildGroupSeries, seriesOfColumns, writeBuckets } from '../../src/baseline/groupSeries';
import type { EventRecord } from '../../src/store/eventRecord';
import { SqliteMonitorStore } from '../../src/store/sqlite/sqliteStore';
import { DAY, HOUR, T0, generateTraffic, randomProfiles } from '../helpers/baselineTraffic';

/**
 * A check builds its dense series from `bucketColumns` (typed columns, the stored p95); the
 * reference is `buildGroupSeries` over `buckets` (aggregates decoded from the sketches). On
 * realistic generated traffic — several models, a fallback incident, late events merged into old
 * buckets, and rows written before the p95 column existed — both must give the same series.
 */
describe('bucket columns: the same series as the bucket aggregates', () => {
  const profiles = randomProfiles(11, ['acme', 'globex'], ['chat', 'search']);
  const to = T0 + 2 * DAY;
  const events: EventRecord[] = [];
  generateTraffic(
    5,
    profiles,
    T0,
    to,
    [{ org: 'acme', feature: 'chat', kind: 'model', from: T0 + 30 * HOUR, to: T0 + 34 * HOUR, size: 0.5 }],
    (e) =>
      events.push({
        id: null,
        org: e.org,
        feature: e.feature,
        ts: e.timestamp,
        cost: e.cost,
        // Every 50th request without a latency, so some sparse buckets have none.
        latencyMs: events.length % 50 === 0 ? null : e.latency_ms,
        error: e.error,
        modelRequested: e.model_requested,
        modelActual: e.model_actual,
        tokensIn: 0,
        tokensOut: 0,
      }),
  );
  let file: string;
  let store: SqliteMonitorStore;

  beforeAll(async () => {
    file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-columns-')), 'monitors.db');
    store = new SqliteMonitorStore(file);
    // Most events in order; every 7th arrives later, merged into buckets already written.
    const late = events.filter((_, i) => i % 7 === 3);
    const onTime = events.filter((_, i) => i % 7 !== 3);
    for (let i = 0; i < onTime.length; i += 5_000) await store.ingest(onTime.slice(i, i + 5_000));
    for (let i = 0; i < late.length; i += 5_000) await store.ingest(late.slice(i, i + 5_000));
  });
  afterAll(async () => {
    await store.close();
  });

  /** Compares every group; returns the buckets read and how many groups were written in place. */
  const expectSameSeries = async (): Promise<{ buckets: number; inPlace: number }> => {
    let buckets = 0;
    let inPlace = 0;
    for (const g of await store.groups()) {
      const range = { from: T0 - DAY, to: to + DAY };
      const reference = buildGroupSeries(
        g.org,
        g.feature,
        await store.buckets(g.org, g.feature, range.from, range.to),
        range,
      );
      const columns = await store.bucketColumns(g.org, g.feature, range.from, range.to);
      expect(seriesOfColumns(g.org, g.feature, columns, range)).toEqual(reference);
      // The cache's incremental path: the first day read, the rest written in place.
      const split = T0 + DAY + 7 * BUCKET_MS;
      const partial = seriesOfColumns(
        g.org,
        g.feature,
        await store.bucketColumns(g.org, g.feature, range.from, split),
        range,
      );
      const rest = await store.bucketColumns(g.org, g.feature, split, range.to);
      if (writeBuckets(partial, rest)) {
        expect(partial).toEqual(reference);
        inPlace++;
      } else expect(reference.models.length).toBeGreaterThan(partial.models.length);
      buckets += columns.length;
    }
    return { buckets, inPlace };
  };

  it('gives the same columns as the aggregates for every group', async () => {
    // 6 groups (4 features, 2 org totals), every bucket of the 2 days non-empty.
    expect(await expectSameSeries()).toEqual({ buckets: 6 * 2 * 288, inPlace: 6 });
    const series = await store.bucketColumns('acme', 'chat', T0, to);
    expect(Object.keys(series.modelActual[30 * 12 + 1]).sort()).toEqual([
      'claude-haiku',
      'gpt-4o',
      'gpt-4o-mini',
    ]);
  });

  it('gives the same columns from rows written before the stored p95 (read from the sketch)', async () => {
    const db = new Database(file);
    try {
      const legacy = db
        .prepare('UPDATE buckets SET latency_p95 = NULL WHERE start % (3 * ?) = 0')
        .run(BUCKET_MS);
      expect(legacy.changes).toBeGreaterThan(100);
    } finally {
      db.close();
    }
    expect((await expectSameSeries()).buckets).toBe(6 * 2 * 288);
  });
});
