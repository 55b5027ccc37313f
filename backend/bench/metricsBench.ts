import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import express from 'express';
import { requireMetricsAccess } from '../src/http/metricsAccess';
import { MetricsExposition } from '../src/metrics/exposition';
import { metricsRouter } from '../src/metrics/router';
import { syntheticSources } from '../test/helpers/metricsSources';

const execFileAsync = promisify(execFile);
const SERIES = 10_000;
const SCRAPES = 20;
const BUDGET_MS = 250;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Scraped {
  readonly ms: number;
  readonly bytes: number;
}

/** Median, p95 and max of SCRAPES scrapes after 3 warm-up ones (JIT, first allocations). */
async function timedBy(label: string, scrape: () => Promise<Scraped>): Promise<void> {
  for (let i = 0; i < 3; i++) await scrape();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) {
    const r = await scrape();
    ms.push(r.ms);
    bytes = r.bytes;
  }
  ms.sort((a, b) => a - b);
  const median = quantile(ms, 0.5);
  const p95 = quantile(ms, 0.95);
  console.log(
    `${label}: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms ` +
      `over ${SCRAPES} scrapes, ${(bytes / 1024 / 1024).toFixed(1)} MiB — budget ${BUDGET_MS} ms: ` +
      `median ${median <= BUDGET_MS ? 'met' : 'MISSED'}, p95 ${p95 <= BUDGET_MS ? 'met' : 'MISSED'}`,
  );
}

async function timed(label: string, scrape: () => Promise<number>): Promise<void> {
  await timedBy(label, async () => {
    const started = performance.now();
    const bytes = await scrape();
    return { ms: performance.now() - started, bytes };
  });
}

/** `/metrics` with 10,000 monitored series (synthetic snapshots, 1 in 200 with an anomaly in progress). */
export async function benchMetrics(): Promise<void> {
  console.log(`\n## /metrics scrape, ${SERIES.toLocaleString('en-US')} monitored series`);
  const sources = syntheticSources(SERIES);
  // Every scrape right after a check: new snapshots each time, so the per-series text is rendered.
  const afterCheck = new MetricsExposition({ ...sources, snapshots: () => [...sources.snapshots()] });
  await timed(
    'render in process, new snapshots each scrape (a check before every scrape)',
    async () => (await afterCheck.render()).text.length,
  );
  const exposition = new MetricsExposition(sources);
  await timed(
    'render in process, between checks (snapshots unchanged)',
    async () => (await exposition.render()).text.length,
  );

  for (const [when, exp] of [
    ['new snapshots each scrape', afterCheck],
    ['between checks', exposition],
  ] as const) {
    const app = express();
    app.set('etag', false); // as in app.ts
    app.use('/metrics', metricsRouter(exp, requireMetricsAccess('loopback', undefined)));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    try {
      // curl in its own process is the scraper, as Prometheus would be: its time_total runs from the
      // connection to the last byte, and reading the body costs this process nothing.
      await timedBy(`GET /metrics by curl (loopback, whole body), ${when}`, async () => {
        const { stdout } = await execFileAsync('curl', [
          '-sf',
          '-o',
          '/dev/null',
          '-w',
          '%{time_total} %{size_download}',
          url,
        ]);
        const [seconds, bytes] = stdout.trim().split(' ').map(Number);
        return { ms: seconds * 1000, bytes };
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
