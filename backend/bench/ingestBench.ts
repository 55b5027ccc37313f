import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUCKET_MS } from '../src/contract/monitors';
import type { EventRecord } from '../src/store/eventRecord';
import { SqliteMonitorStore } from '../src/store/sqlite/sqliteStore';
import { startServiceProcess } from './serviceProcess';

const BATCH = 5_000;
const FEATURES = ['chat', 'search', 'summarize', 'classify', 'embed'];

/** Batch `b` of realistic events: unique ids, 20 orgs × 5 features, one hour of timestamps. */
function record(b: number, i: number, start: number): EventRecord {
  const n = b * BATCH + i;
  return {
    id: `e${n}`,
    org: `org${n % 20}`,
    feature: FEATURES[(n >> 3) % FEATURES.length],
    ts: start + ((n * 37) % 3_600_000),
    cost: 0.0004 * (1 + (n % 13)),
    latencyMs: 80 + ((n * 7919) % 2_000),
    error: n % 97 === 0,
    modelRequested: 'gpt-4o',
    modelActual: n % 11 ? 'gpt-4o' : 'gpt-4o-mini',
    tokensIn: 200 + (n % 50),
    tokensOut: 80,
  };
}

const wire = (e: EventRecord) => ({
  id: e.id,
  org: e.org,
  feature: e.feature,
  timestamp: e.ts,
  cost: e.cost,
  latency_ms: e.latencyMs,
  status: e.error ? 503 : 200,
  model_requested: e.modelRequested,
  model_actual: e.modelActual,
  tokens_in: e.tokensIn,
  tokens_out: e.tokensOut,
});

const rate = (events: number, ms: number): string =>
  `${Math.round(events / (ms / 1000)).toLocaleString('en-US')} events/s`;

async function inProcess(batches: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-ingest-'));
  const store = new SqliteMonitorStore(path.join(dir, 'monitors.db'));
  const start = Date.now() - 2 * 3_600_000;
  try {
    const prepared = Array.from({ length: batches }, (_, b) =>
      Array.from({ length: BATCH }, (_, i) => record(b, i, start)),
    );
    const t = performance.now();
    for (const batch of prepared) await store.ingest(batch);
    const ms = performance.now() - t;
    console.log(
      `store.ingest, ${batches} × ${BATCH} events (WAL, synchronous=NORMAL): ${rate(batches * BATCH, ms)}`,
    );
    const groups = (await store.groups()).length;
    const buckets = 3_600_000 / BUCKET_MS;
    const perDay = (store.bucketBytes() / (groups * buckets)) * (86_400_000 / BUCKET_MS);
    console.log(
      `bucket rows: ${groups} groups × ${buckets} buckets = ${(store.bucketBytes() / 1024).toFixed(0)} KiB on disk, ` +
        `≈ ${(perDay / 1024).toFixed(0)} KiB per group per day (≈ ${((perDay * 28) / 1024 / 1024).toFixed(1)} MiB per group for 28 days)`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overHttp(batches: number, concurrency: number): Promise<void> {
  const { url, stop } = await startServiceProcess();
  try {
    const start = Date.now() - 2 * 3_600_000;
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify(Array.from({ length: BATCH }, (_, i) => wire(record(b, i, start)))),
    );
    let next = 0;
    let accepted = 0;
    const worker = async (): Promise<void> => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        accepted += ((await res.json()) as { accepted: number }).accepted;
      }
    };
    const t = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const ms = performance.now() - t;
    const kb = Math.round(bodies[0].length / 1024);
    console.log(
      `POST /v1/events, ${batches} × ${BATCH} events (${kb} KiB bodies), ${concurrency} client(s), service in its own process: ${rate(accepted, ms)}`,
    );
  } finally {
    await stop();
  }
}

/** Ingest throughput: the store alone, then the whole HTTP path (parse, validate, store, answer). */
export async function benchIngest(): Promise<void> {
  console.log('\n## Event ingest (baseline monitoring)');
  await inProcess(40);
  await overHttp(40, 1);
  await overHttp(40, 2);
}
