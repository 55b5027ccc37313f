import { gaussianMatrix } from './gaussian';
import { startServiceProcess } from './serviceProcess';
import { latencySummary } from './timing';
import type { Matrix } from '../src/core/matrix';

const rowsOf = (x: Matrix): number[][] =>
  Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));

async function call(url: string, route: string, body?: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(
    url + route,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body },
  );
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${route}: HTTP ${res.status}`);
  return performance.now() - t;
}

/**
 * The service as a separate process: /health and a small score timed while the heaviest allowed
 * requests run (a 200k×16 kNN score — the LF_MAX_SCORE_CELLS cap — and 1,000 series × 2,016
 * points in one time-series call), then HTTP score throughput in 10k-row batches.
 */
export async function benchHttpLoad(): Promise<void> {
  console.log('\n## HTTP under load (service in its own process, default workers)');
  const { url, stop } = await startServiceProcess();
  try {
    await call(
      url,
      '/v1/anomaly/fit',
      JSON.stringify({ model: 'small', data: rowsOf(gaussianMatrix(1_000, 4, 1)) }),
    );
    const knnTrain = JSON.stringify({
      model: 'heavy',
      backend: 'knn',
      data: rowsOf(gaussianMatrix(100_000, 16, 2)),
    });
    const fitMs = await call(url, '/v1/anomaly/fit', knnTrain);
    console.log(`kNN fit 100000×16 over HTTP: ${(fitMs / 1000).toFixed(1)} s`);

    const heavyScore = JSON.stringify({
      model: 'heavy',
      backend: 'knn',
      data: rowsOf(gaussianMatrix(200_000, 16, 3)),
    });
    // A week of 5-minute points for 1,000 series in one call (the time-series API's heaviest use).
    const seriesCount = 1_000;
    const n = 2_016;
    const t0 = Date.UTC(2026, 0, 1);
    const timestamps = Array.from({ length: n }, (_, i) => t0 + i * 300_000);
    const series = JSON.stringify({
      source: 'load',
      series: Array.from({ length: seriesCount }, (_, k) => ({
        name: `s${k}`,
        timestamps,
        values: timestamps.map((_, i) => 10 + Math.sin((i + k) / 12) + (i % 997 === k % 997 ? 5 : 0)),
      })),
      training: { from: t0, to: timestamps[576] },
      range: { from: timestamps[576], to: timestamps[n - 1] + 1 },
      detector: { method: 'ensemble' },
    });
    const small = JSON.stringify({ model: 'small', data: rowsOf(gaussianMatrix(10, 4, 4)) });
    let running = 2;
    const heavyMs: number[] = [];
    const heavy = [
      call(url, '/v1/anomaly/score', heavyScore),
      call(url, '/v1/timeseries/detect', series),
    ].map((p) => p.then((ms) => heavyMs.push(ms)).finally(() => running--));
    const health: number[] = [];
    const scores: number[] = [];
    while (running > 0) {
      health.push(await call(url, '/health'));
      scores.push(await call(url, '/v1/anomaly/score', small));
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(heavy);
    console.log(
      `heavy requests: kNN score 200000×16 and 1,000 × 2,016-point detect took ${heavyMs.map((m) => (m / 1000).toFixed(1) + ' s').join(' and ')}`,
    );
    console.log(`GET /health during them: ${latencySummary(health)}`);
    console.log(`small score (10 rows, Isolation Forest) during them: ${latencySummary(scores)}`);

    await call(
      url,
      '/v1/anomaly/fit',
      JSON.stringify({ model: 'tput', data: rowsOf(gaussianMatrix(100_000, 16, 5)) }),
    );
    const test = gaussianMatrix(100_000, 16, 6);
    const batch = 10_000;
    const bodies = Array.from({ length: test.rows / batch }, (_, b) =>
      JSON.stringify({
        model: 'tput',
        data: rowsOf({
          ...test,
          data: test.data.subarray(b * batch * 16, (b + 1) * batch * 16),
          rows: batch,
        }),
      }),
    );
    await call(url, '/v1/anomaly/score', bodies[0]);
    const started = performance.now();
    for (const body of bodies) await call(url, '/v1/anomaly/score', body);
    const ms = performance.now() - started;
    console.log(
      `HTTP score throughput, Isolation Forest 100000×16, 10k-row batches: ${Math.round((test.rows / ms) * 1000).toLocaleString()} rows/s (${(ms / bodies.length).toFixed(1)} ms per batch)`,
    );
  } finally {
    await stop();
  }
}
