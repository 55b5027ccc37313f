import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { StreamService } from '../src/stream/service';
import { inlineScorer, inlineTrainer } from '../src/training/trainedState';
import { gaussianMatrix } from './gaussian';
import { startServiceProcess } from './serviceProcess';

const T0 = Date.UTC(2026, 0, 1);
const FILL_BATCH = 10_000; // the largest request a stream takes
/** Far beyond the measured calls: the figures are scoring plus persistence, no retrain. */
const NO_RETRAIN = 1_000_000;

type Point = { timestamp: number; a: number; b: number };
/** Sends one request body, resolves once the answer is in. */
type Send = (body: Record<string, unknown>) => Promise<void>;

/** `n` minute-spaced 2-feature Gaussian points from seq `from` on. */
function points(from: number, n: number): Point[] {
  const x = gaussianMatrix(n, 2, from + 1);
  return Array.from({ length: n }, (_, i) => ({
    timestamp: T0 + (from + i) * 60_000,
    a: x.data[2 * i],
    b: x.data[2 * i + 1],
  }));
}

const pct = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Fills a stream's window, then times `calls` requests of `batch` points each. */
async function measure(
  send: Send,
  label: string,
  config: { backend: string; window_size: number },
  batch: number,
  calls: number,
): Promise<void> {
  const model = `${config.backend}-${config.window_size}-${batch}`;
  let seq = 0;
  while (seq < config.window_size) {
    const n = Math.min(FILL_BATCH, config.window_size - seq);
    await send({ model, ...config, min_samples: 50, retrain_interval: NO_RETRAIN, data: points(seq, n) });
    seq += n;
  }
  const bodies = Array.from({ length: calls }, (_, k) => ({ model, data: points(seq + k * batch, batch) }));
  const ms: number[] = [];
  const started = performance.now();
  for (const body of bodies) {
    const t = performance.now();
    await send(body);
    ms.push(performance.now() - t);
  }
  const total = performance.now() - started;
  ms.sort((a, b) => a - b);
  const rate = (calls * batch) / (total / 1000);
  console.log(
    `${label.padEnd(7)} ${config.backend.padEnd(9)} window ${config.window_size.toLocaleString('en-US').padStart(7)}` +
      ` batch ${String(batch).padStart(3)}: ${Math.round(rate).toLocaleString('en-US').padStart(7)} points/s,` +
      ` per request median ${pct(ms, 50).toFixed(2)} ms, p95 ${pct(ms, 95).toFixed(2)} ms, max ${ms.at(-1)!.toFixed(1)} ms` +
      ` (${calls} requests)`,
  );
}

async function measureAll(send: Send, label: string): Promise<void> {
  for (const backend of ['ecod', 'ensemble'])
    for (const window_size of [1000, 100_000])
      for (const [batch, calls] of [
        [1, window_size > 1000 ? 100 : 300],
        [100, 30],
      ])
        await measure(send, label, { backend, window_size }, batch, calls);
}

/**
 * `POST /v1/anomaly/stream` in steady state (window full, no retrain due): single points and
 * 100-point batches on the default window and the largest, a tabular backend (ECOD) and a causal
 * one (ensemble), in-process on the service object and over HTTP to the service in its own process.
 * Every request is answered only once its state is on disk (fsync), so this includes persistence.
 */
export async function benchStreamApi(): Promise<void> {
  console.log(
    '\n## Streaming detection API (window full, no retrain; each answer after its state is on disk)',
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-stream-'));
  const service = new StreamService(
    dir,
    { train: inlineTrainer, score: inlineScorer },
    pino({ level: 'warn' }),
  );
  try {
    await service.init();
    await measureAll(async (body) => void (await service.process(body)), 'service');
    await service.flush();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { url, stop } = await startServiceProcess();
  try {
    await measureAll(async (body) => {
      const res = await fetch(`${url}/v1/anomaly/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`stream: HTTP ${res.status} ${text}`);
    }, 'http');
  } finally {
    await stop();
  }
}
