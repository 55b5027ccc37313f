import { BUCKET_MS, type Anomaly, type Monitor } from '../../src/contract/monitors';
import { bucketColumnsOf } from '../../src/baseline/bucketColumns';
import { ConflictError, NotFoundError } from '../../src/core/errors';
import type { EventRecord } from '../../src/store/eventRecord';
import type { MonitorStore } from '../../src/store/monitorStore';

/** A fresh, empty store; `reopen` closes it and opens the same data again (a restart). */
export interface StoreHandle {
  store: MonitorStore;
  reopen(): Promise<MonitorStore>;
}

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const DAY = 86_400_000;

export const event = (over: Partial<EventRecord> = {}): EventRecord => ({
  id: null,
  org: 'acme',
  feature: 'chat',
  ts: T0 + 1000,
  cost: 0.5,
  latencyMs: 100,
  error: false,
  modelRequested: 'gpt-4o',
  modelActual: 'gpt-4o',
  tokensIn: 10,
  tokensOut: 20,
  ...over,
});

const monitor = (over: Partial<Monitor> = {}): Monitor => ({
  id: 'm1',
  kind: 'events',
  type: 'cost_spike',
  org: 'acme',
  feature: 'chat',
  direction: 'up',
  options: {
    sensitivity: 2,
    min_relative_change: 0.2,
    trigger_hits: 2,
    trigger_window: 3,
    extreme_sigma: 4,
    recovery_checks: 3,
    baseline: 'seasonal',
  },
  status: 'building_baseline',
  created: new Date(T0).toISOString(),
  ...over,
});

export const anomaly = (over: Partial<Anomaly> = {}): Anomaly => ({
  id: 'a1',
  monitor_id: 'm1',
  type: 'cost_spike',
  org: 'acme',
  feature: 'chat',
  direction: 'up',
  status: 'open',
  expected: 0.42,
  observed: 1.87,
  deviation_sigma: 5.1,
  deviation_pct: 345,
  severity: 70,
  detected_at: new Date(T0).toISOString(),
  last_seen: new Date(T0).toISOString(),
  resolved_at: null,
  duration_seconds: 0,
  baseline_slot: 'weekday 12:00',
  baseline_samples: 120,
  top_contributors: [],
  summary: 'cost 4.4× above its 7-day baseline in feature chat',
  history: [{ at: new Date(T0).toISOString(), status: 'open' }],
  ...over,
});

/**
 * What every MonitorStore must do. Call it inside a test file with a factory for the
 * implementation; the engine and the API rely on nothing else.
 */
export function monitorStoreContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`MonitorStore contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: MonitorStore;
    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await store.close();
    });

    describe('events and buckets', () => {
      it('aggregates each event into the org total and its (org, feature) group', async () => {
        const result = await store.ingest([
          event({ latencyMs: 100 }),
          event({ feature: 'search', error: true, cost: 1, latencyMs: 300, modelActual: 'gpt-4o-mini' }),
          event({
            feature: null,
            ts: T0 + BUCKET_MS + 5,
            latencyMs: null,
            modelRequested: null,
            modelActual: null,
          }),
        ]);
        expect(result).toEqual({ accepted: 3, duplicates: 0 });
        const total = await store.buckets('acme', null, T0 - DAY, T0 + DAY);
        expect(total.map((b) => [b.start, b.requests])).toEqual([
          [T0, 2],
          [T0 + BUCKET_MS, 1],
        ]);
        expect(total[0]).toMatchObject({
          org: 'acme',
          feature: null,
          errors: 1,
          cost: 1.5,
          tokensIn: 20,
          tokensOut: 40,
          modelRequested: { 'gpt-4o': 2 },
          modelActual: { 'gpt-4o': 1, 'gpt-4o-mini': 1 },
          modelMismatch: 1,
        });
        // Quantiles interpolate between order statistics (type 7): p99 of 100 and 300 is 298, within 1%.
        expect(Math.abs(total[0].latencyP99! / 298 - 1)).toBeLessThan(0.01);
        expect(total[1]).toMatchObject({ latencyP50: null, latencyP95: null, modelRequested: {} });
        const chat = await store.buckets('acme', 'chat', T0 - DAY, T0 + DAY);
        expect(chat.map((b) => [b.feature, b.requests, b.errors])).toEqual([['chat', 1, 0]]);
        const search = await store.buckets('acme', 'search', T0 - DAY, T0 + DAY);
        expect(search.map((b) => [b.requests, b.errors, b.cost])).toEqual([[1, 1, 1]]);
        expect(Math.abs(search[0].latencyP50! / 300 - 1)).toBeLessThan(0.01);
        expect(await store.buckets('other', null, 0, T0 + DAY)).toEqual([]);
      });

      it('returns buckets with from ≤ start < to, oldest first', async () => {
        await store.ingest([0, 3, 1, 2].map((i) => event({ ts: T0 + i * BUCKET_MS })));
        const got = await store.buckets('acme', null, T0 + BUCKET_MS, T0 + 3 * BUCKET_MS);
        expect(got.map((b) => b.start)).toEqual([T0 + BUCKET_MS, T0 + 2 * BUCKET_MS]);
      });

      it('reads bucket columns equal to the columns of its buckets, in range, merged and after a reopen', async () => {
        await store.ingest([
          event({ latencyMs: 100 }),
          event({ feature: 'search', error: true, cost: 1, latencyMs: 300, modelActual: 'gpt-4o-mini' }),
          event({ ts: T0 + BUCKET_MS, latencyMs: null, modelRequested: null, modelActual: null }),
          event({ ts: T0 + 3 * BUCKET_MS, modelActual: 'claude-haiku' }),
        ]);
        await store.ingest([event({ latencyMs: 2_000 }), event({ ts: T0 - 2 * DAY })]);
        const cases: [string | null, number, number][] = [
          [null, T0 - DAY, T0 + DAY],
          ['chat', T0, T0 + 3 * BUCKET_MS],
          ['search', 0, T0 + DAY],
          ['chat', T0 - 3 * DAY, T0 - DAY],
          ['none', 0, T0 + DAY],
        ];
        const check = async (s: MonitorStore): Promise<void> => {
          for (const [feature, from, to] of cases) {
            const columns = await s.bucketColumns('acme', feature, from, to);
            expect(columns).toEqual(bucketColumnsOf(await s.buckets('acme', feature, from, to)));
          }
        };
        await check(store);
        expect((await store.bucketColumns('acme', null, T0 - DAY, T0 + DAY)).length).toBe(3);
        store = await handle.reopen();
        await check(store);
      });

      it('merges later events into the same bucket exactly', async () => {
        const latencies = Array.from({ length: 200 }, (_, i) => 10 + i * 7);
        const all = latencies.map((l) => event({ latencyMs: l }));
        await store.ingest(all.slice(0, 120));
        await store.ingest(all.slice(120));
        const [merged] = await store.buckets('acme', 'chat', T0, T0 + BUCKET_MS);
        const other = await open();
        try {
          await other.store.ingest(all);
          const [single] = await other.store.buckets('acme', 'chat', T0, T0 + BUCKET_MS);
          expect(merged).toEqual(single);
          expect(merged.requests).toBe(200);
        } finally {
          await other.store.close();
        }
      });

      it('ignores duplicate ids per org, within a batch, across batches and across a reopen', async () => {
        expect(
          await store.ingest([event({ id: 'e1' }), event({ id: 'e1' }), event({ id: 'e1', org: 'beta' })]),
        ).toEqual({ accepted: 2, duplicates: 1 });
        expect(await store.ingest([event({ id: 'e1' }), event({ id: 'e2' }), event()])).toEqual({
          accepted: 2,
          duplicates: 1,
        });
        store = await handle.reopen();
        expect(await store.ingest([event({ id: 'e2' }), event({ id: 'e3' })])).toEqual({
          accepted: 1,
          duplicates: 1,
        });
        const [acme] = await store.buckets('acme', null, T0, T0 + BUCKET_MS);
        expect(acme.requests).toBe(4);
      });

      it('lists groups with their first and last bucket', async () => {
        await store.ingest([event({ ts: T0 + 2 * BUCKET_MS }), event({ feature: null, ts: T0 })]);
        expect(await store.groups()).toEqual([
          { org: 'acme', feature: null, firstBucket: T0, lastBucket: T0 + 2 * BUCKET_MS },
          { org: 'acme', feature: 'chat', firstBucket: T0 + 2 * BUCKET_MS, lastBucket: T0 + 2 * BUCKET_MS },
        ]);
      });

      it('prunes buckets and event ids older than the retention', async () => {
        await store.ingest([event({ id: 'old', ts: T0 }), event({ id: 'new', ts: T0 + 27 * DAY })]);
        expect(await store.prune(T0 + 28 * DAY + BUCKET_MS)).toBeGreaterThan(0);
        const left = await store.buckets('acme', null, 0, T0 + 30 * DAY);
        expect(left.map((b) => b.start)).toEqual([T0 + 27 * DAY]);
        expect(await store.ingest([event({ id: 'new', ts: T0 + 27 * DAY })])).toEqual({
          accepted: 0,
          duplicates: 1,
        });
        expect((await store.groups()).map((g) => g.firstBucket)).toEqual([T0 + 27 * DAY, T0 + 27 * DAY]);
      });
    });

    describe('monitors', () => {
      it('creates, reads, lists, updates and deletes; conflicts and misses are domain errors', async () => {
        await store.createMonitor(monitor());
        await store.createMonitor(
          monitor({ id: 'm2', kind: 'promql', org: null, feature: null, expr: 'up' }),
        );
        await expect(store.createMonitor(monitor())).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getMonitor('m1')).toEqual(monitor());
        expect((await store.listMonitors()).map((m) => m.id)).toEqual(['m1', 'm2']);
        expect((await store.listMonitors({ kind: 'promql' })).map((m) => m.id)).toEqual(['m2']);
        expect((await store.listMonitors({ org: 'acme' })).map((m) => m.id)).toEqual(['m1']);
        const updated = await store.updateMonitor('m1', { status: 'active', eta: undefined });
        expect(updated).toEqual({ ...monitor(), status: 'active' });
        expect(await store.getMonitor('m1')).toEqual(updated);
        await expect(store.updateMonitor('nope', { status: 'active' })).rejects.toBeInstanceOf(NotFoundError);
        await store.deleteMonitor('m2');
        await expect(store.getMonitor('m2')).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.deleteMonitor('m2')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('keeps the engine state per monitor, across a reopen', async () => {
        await store.createMonitor(monitor());
        expect(await store.monitorState('m1')).toBeUndefined();
        await store.saveMonitorState('m1', { recent: [true, false], last: 123 });
        store = await handle.reopen();
        expect(await store.monitorState('m1')).toEqual({ recent: [true, false], last: 123 });
        await expect(store.saveMonitorState('nope', 1)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('anomalies', () => {
      it('stores, filters and pages newest first', async () => {
        for (let i = 0; i < 5; i++) {
          await store.createAnomaly(
            anomaly({
              id: `a${i}`,
              detected_at: new Date(T0 + i * BUCKET_MS).toISOString(),
              type: i % 2 ? 'latency_degradation' : 'cost_spike',
            }),
          );
        }
        await expect(store.createAnomaly(anomaly({ id: 'a0' }))).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getAnomaly('a3')).toMatchObject({ id: 'a3', type: 'latency_degradation' });
        await expect(store.getAnomaly('zz')).rejects.toBeInstanceOf(NotFoundError);
        const first = await store.listAnomalies({ limit: 2 });
        expect(first.data.map((a) => a.id)).toEqual(['a4', 'a3']);
        const second = await store.listAnomalies({ limit: 2, cursor: first.nextCursor });
        expect(second.data.map((a) => a.id)).toEqual(['a2', 'a1']);
        const third = await store.listAnomalies({ limit: 2, cursor: second.nextCursor });
        expect(third).toEqual({ data: [expect.objectContaining({ id: 'a0' })] });
        expect((await store.listAnomalies({ type: 'cost_spike' })).data.map((a) => a.id)).toEqual([
          'a4',
          'a2',
          'a0',
        ]);
        const window = await store.listAnomalies({ from: T0 + BUCKET_MS, to: T0 + 3 * BUCKET_MS });
        expect(window.data.map((a) => a.id)).toEqual(['a2', 'a1']);
        expect((await store.listAnomalies({ org: 'other' })).data).toEqual([]);
      });

      it('updates mutable fields, never severity, and keeps the full history in order', async () => {
        await store.createAnomaly(anomaly());
        const later = new Date(T0 + BUCKET_MS).toISOString();
        const patch = { status: 'ongoing' as const, observed: 2.5, last_seen: later, severity: 99 };
        const updated = await store.updateAnomaly('a1', patch, { at: later, status: 'ongoing' });
        expect(updated).toMatchObject({ status: 'ongoing', observed: 2.5, severity: 70, last_seen: later });
        await store.appendAnomalyHistory('a1', { at: later, status: 'dismissed', note: 'known batch job' });
        store = await handle.reopen();
        const got = await store.getAnomaly('a1');
        expect(got.history).toEqual([
          { at: new Date(T0).toISOString(), status: 'open' },
          { at: later, status: 'ongoing' },
          { at: later, status: 'dismissed', note: 'known batch job' },
        ]);
        expect((await store.listAnomalies({ status: ['ongoing'] })).data.map((a) => a.id)).toEqual(['a1']);
        expect((await store.listAnomalies({ status: ['open', 'resolved'] })).data).toEqual([]);
        await expect(store.appendAnomalyHistory('zz', { at: later, status: 'open' })).rejects.toBeInstanceOf(
          NotFoundError,
        );
      });
    });

    describe('notification outbox', () => {
      it('enqueues once per key, leases, retries and acknowledges', async () => {
        expect(
          await store.enqueueNotification(
            { key: 'a1:opened', channel: 'webhook', payload: { id: 'a1' } },
            T0,
          ),
        ).toBe(true);
        expect(
          await store.enqueueNotification({ key: 'a1:opened', channel: 'webhook', payload: {} }, T0 + 1),
        ).toBe(false);
        await store.enqueueNotification(
          { key: 'a2:opened', channel: 'webhook', payload: { id: 'a2' } },
          T0 + 2,
        );
        const claimed = await store.claimNotifications(T0 + 10, 10, 60_000);
        expect(claimed.map((c) => [c.key, c.attempts, c.payload])).toEqual([
          ['a1:opened', 0, { id: 'a1' }],
          ['a2:opened', 0, { id: 'a2' }],
        ]);
        expect(await store.claimNotifications(T0 + 20, 10, 60_000)).toEqual([]); // leased
        await store.ackNotification('a1:opened', T0 + 30);
        await store.failNotification('a2:opened', T0 + 5_000, 'HTTP 503');
        expect(await store.claimNotifications(T0 + 4_000, 10, 60_000)).toEqual([]);
        store = await handle.reopen();
        const retry = await store.claimNotifications(T0 + 5_000, 10, 60_000);
        expect(retry.map((c) => [c.key, c.attempts])).toEqual([['a2:opened', 1]]);
        // An expired lease (a crashed sender) is claimable again.
        expect((await store.claimNotifications(T0 + 70_000, 10, 60_000)).map((c) => c.key)).toEqual([
          'a2:opened',
        ]);
        await expect(store.ackNotification('nope', T0)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('dead-letters, counts per channel, keeps receipts and redrives under the same key', async () => {
        const item = (key: string, channel: string) => ({ key, channel, payload: { key } });
        await store.enqueueNotification(item('w1', 'webhook'), T0);
        await store.enqueueNotification(item('w2', 'webhook'), T0 + 1);
        await store.enqueueNotification(item('g1', 'grafana'), T0 + 2);
        expect(await store.claimNotifications(T0 + 10, 10, 60_000)).toHaveLength(3);
        await store.failNotification('w1', T0 + 20, 'HTTP 503');
        await store.ackNotification('g1', T0 + 15, { annotationId: 42 });
        await store.ackNotification('w2', T0 + 15);
        expect(await store.claimNotifications(T0 + 20, 10, 60_000)).toHaveLength(1);
        await store.deadLetterNotification('w1', T0 + 30, 'HTTP 500: '.padEnd(5000, 'x'));
        // Neither a delivered nor a dead notification can fail or die again.
        await expect(store.failNotification('w1', T0 + 40, 'again')).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.deadLetterNotification('w2', T0 + 40, 'late')).rejects.toBeInstanceOf(
          NotFoundError,
        );
        expect(await store.claimNotifications(T0 + 10 * DAY, 10, 60_000)).toEqual([]);

        store = await handle.reopen();
        const dead = await store.deadLetters(10);
        expect(dead.map((d) => [d.key, d.channel, d.attempts, d.deadAt, d.payload])).toEqual([
          ['w1', 'webhook', 2, T0 + 30, { key: 'w1' }],
        ]);
        expect(dead[0].lastError.startsWith('HTTP 500: x')).toBe(true);
        expect(dead[0].lastError.length).toBeLessThanOrEqual(2000);
        expect(await store.notificationStats()).toEqual([
          { channel: 'grafana', delivered: 1, failed_attempts: 0, dead_lettered: 0, pending: 0 },
          { channel: 'webhook', delivered: 1, failed_attempts: 2, dead_lettered: 1, pending: 0 },
        ]);
        expect(await store.notificationReceipt('g1')).toEqual({ annotationId: 42 });
        expect(await store.notificationReceipt('w2')).toBeUndefined();
        expect(await store.notificationReceipt('nope')).toBeUndefined();

        await store.redriveNotification('w1', T0 + 50);
        await expect(store.redriveNotification('w1', T0 + 50)).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.deadLetters(10)).toEqual([]);
        const again = await store.claimNotifications(T0 + 50, 10, 60_000);
        expect(again.map((c) => [c.key, c.attempts])).toEqual([['w1', 0]]);
        expect((await store.notificationStats())[1]).toMatchObject({ dead_lettered: 0, pending: 1 });
      });
    });

    describe('batches, metadata and PromQL samples', () => {
      it('commits a check atomically and re-running it after a crash changes nothing', async () => {
        await store.createMonitor(monitor());
        const dismissal = {
          anomalyId: 'a0',
          monitorId: 'm1',
          kind: 'dismissed' as const,
          org: 'acme',
          feature: 'chat',
          from: T0 - DAY,
          to: T0 - DAY + BUCKET_MS,
          reason: null,
          at: T0,
        };
        const later = new Date(T0 + BUCKET_MS).toISOString();
        const batch = {
          states: [{ monitorId: 'm1', state: { lastBucket: T0 } }],
          created: [anomaly()],
          exclusions: [dismissal],
          extendExclusions: [{ anomalyId: 'a0', to: T0 - DAY + 3 * BUCKET_MS }],
          meta: [{ key: 'scheduler', value: { lastCheck: T0 } }],
        };
        await store.commit(batch);
        await store.commit(batch); // the same outcome again (a check re-run after kill -9)
        await store.commit({
          updated: [
            {
              id: 'a1',
              patch: { status: 'ongoing', last_seen: later },
              entry: { at: later, status: 'ongoing' },
            },
          ],
        });
        store = await handle.reopen();
        expect(await store.monitorState('m1')).toEqual({ lastBucket: T0 });
        expect(await store.getAnomaly('a1')).toMatchObject({
          status: 'ongoing',
          last_seen: later,
          history: [{ status: 'open' }, { status: 'ongoing' }],
        });
        expect(await store.exclusions('acme', 'chat')).toEqual([
          { ...dismissal, to: T0 - DAY + 3 * BUCKET_MS },
        ]);
        expect(await store.meta('scheduler')).toEqual({ lastCheck: T0 });
        expect(await store.meta('nothing')).toBeUndefined();
      });

      it('leaves nothing behind when a batch fails part-way', async () => {
        await store.createMonitor(monitor());
        await expect(
          store.commit({
            states: [{ monitorId: 'm1', state: { lastBucket: 1 } }],
            created: [anomaly({ id: 'a9' })],
            updated: [{ id: 'missing', patch: { status: 'resolved' } }],
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.monitorState('m1')).toBeUndefined();
        await expect(store.getAnomaly('a9')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('stores PromQL samples per label set, last write wins, gone with the monitor', async () => {
        await store.createMonitor(monitor({ id: 'p1', kind: 'promql', type: 'metric_deviation' }));
        const labels = { job: 'api', instance: 'a:9090' };
        await store.putMetricPoints('p1', [
          {
            key: 'api/a',
            labels,
            points: [
              [T0, 1],
              [T0 + BUCKET_MS, 2],
            ],
          },
          { key: 'api/b', labels: { job: 'api' }, points: [[T0, 5]] },
        ]);
        await store.putMetricPoints('p1', [{ key: 'api/a', labels, points: [[T0 + BUCKET_MS, 3]] }]);
        store = await handle.reopen();
        expect(await store.metricPoints('p1', T0, T0 + DAY)).toEqual([
          {
            key: 'api/a',
            labels,
            points: [
              [T0, 1],
              [T0 + BUCKET_MS, 3],
            ],
          },
          { key: 'api/b', labels: { job: 'api' }, points: [[T0, 5]] },
        ]);
        expect((await store.metricPoints('p1', T0 + BUCKET_MS, T0 + DAY))[0].points).toEqual([
          [T0 + BUCKET_MS, 3],
        ]);
        await store.deleteMonitor('p1');
        expect(await store.metricPoints('p1', 0, T0 + DAY)).toEqual([]);
      });
    });

    describe('exclusions', () => {
      it('records dismissals and accepts per group, once per anomaly and kind', async () => {
        const dismissed = {
          anomalyId: 'a1',
          monitorId: 'm1',
          kind: 'dismissed' as const,
          org: 'acme',
          feature: 'chat',
          from: T0,
          to: T0 + BUCKET_MS,
          reason: 'load test',
          at: T0 + DAY,
        };
        await store.addExclusion(dismissed);
        await expect(store.addExclusion(dismissed)).rejects.toBeInstanceOf(ConflictError);
        const accepted = { ...dismissed, anomalyId: 'a2', kind: 'accepted' as const, to: null, reason: null };
        await store.addExclusion(accepted);
        const promql = { ...dismissed, anomalyId: 'a3', org: null, feature: null };
        await store.addExclusion(promql);
        expect(await store.exclusions('acme', 'chat')).toEqual([dismissed, accepted]);
        expect(await store.exclusions(null, null)).toEqual([promql]);
        expect(await store.exclusions('acme', null)).toEqual([]);
      });
    });
  });
}
