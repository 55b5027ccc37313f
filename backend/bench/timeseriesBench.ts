import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { Rng } from '../src/core/rng';
import { startServer } from '../src/server';

export interface TimeseriesBenchFigures {
  readonly points: number;
  /** The very first detect in a fresh process (JIT cold as well as model cold). */
  readonly firstDetectMs: number;
  /** Best of `repeats` detects that must fit (a new source each time), process warm. */
  readonly coldFitMs: number;
  /** Best of `repeats` detects of the same request again: the model comes from the cache. */
  readonly cachedDetectMs: number;
  /** Best of `repeats` score-only calls on the panel range with the cached model. */
  readonly cachedScoreMs: number;
}

const STEP_MS = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** A daily-seasonal series with noise and one injected spike near the end. */
function series(points: number): { timestamps: number[]; values: number[] } {
  const rng = new Rng(7);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = T0 + i * STEP_MS;
    const noise = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    timestamps.push(t);
    values.push(50 + 10 * Math.sin((2 * Math.PI * t) / 86_400_000) + noise + (i === points - 200 ? 40 : 0));
  }
  return { timestamps, values };
}

/**
 * A 10,000-point series through POST /v1/timeseries/detect with Isolation Forest on value,
 * differences, rolling mean/std, lags and calendar features: cold fit, refresh from the cache, and
 * score-only. Targets: cold fit < 1 s, cached scoring < 100 ms.
 */
export async function benchTimeseries(points = 10_000, repeats = 5): Promise<TimeseriesBenchFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lens-ts-bench-'));
  const server = await startServer(
    { ...loadConfig({ LF_DATA_DIR: dataDir }), port: 0 },
    pino({ level: 'warn' }),
  );
  try {
    const { timestamps, values } = series(points);
    const trainEnd = T0 + Math.floor(points * 0.7) * STEP_MS;
    const request = (source: string) => ({
      source,
      series: [{ name: 'bench', timestamps, values }],
      training: { from: T0, to: trainEnd },
      range: { from: trainEnd, to: T0 + points * STEP_MS },
      features: {
        value: true,
        diffs: [1],
        rolling: [10, 60],
        lags: [1, 5],
        hour_of_day: true,
        day_of_week: true,
      },
      detector: { method: 'isolation_forest' },
    });
    const post = async (route: string, body: unknown) => {
      const res = await fetch(server.url + route, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as {
        meta: { model_key: string; model_status: string };
        detail?: unknown;
      };
      if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(json.detail)}`);
      return json;
    };
    const timed = async (route: string, body: unknown, status: string) => {
      const started = performance.now();
      const json = await post(route, body);
      const ms = performance.now() - started;
      if (json.meta.model_status !== status)
        throw new Error(`${route}: expected ${status}, got ${json.meta.model_status}`);
      return { ms, key: json.meta.model_key };
    };
    const best = (xs: number[]) => Math.min(...xs);

    const first = await timed('/v1/timeseries/detect', request('first'), 'fitted');
    const cold: number[] = [];
    for (let r = 0; r < repeats; r++)
      cold.push((await timed('/v1/timeseries/detect', request(`cold-${r}`), 'fitted')).ms);
    const cached: number[] = [];
    for (let r = 0; r < repeats; r++)
      cached.push((await timed('/v1/timeseries/detect', request('first'), 'reused')).ms);
    // A refresh via the score-only route: the panel range plus an hour of context for the features.
    const from = Math.floor(points * 0.7) - 60;
    const scoreBody = {
      model_key: first.key,
      series: [{ name: 'bench', timestamps: timestamps.slice(from), values: values.slice(from) }],
      score_from: trainEnd,
    };
    const scored: number[] = [];
    for (let r = 0; r < repeats; r++)
      scored.push((await timed('/v1/timeseries/score', scoreBody, 'reused')).ms);

    const figures = {
      points,
      firstDetectMs: first.ms,
      coldFitMs: best(cold),
      cachedDetectMs: best(cached),
      cachedScoreMs: best(scored),
    };
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log(
      `\n## Time-series detect over HTTP, ${points.toLocaleString()} points, Isolation Forest + 11 features (best of ${repeats})`,
    );
    console.log(`first request in a fresh process (cold fit)   ${ms(figures.firstDetectMs)}`);
    console.log(
      `cold fit, warm process                        ${ms(figures.coldFitMs)}   (target < 1000 ms)`,
    );
    console.log(
      `refresh: detect again, model from cache       ${ms(figures.cachedDetectMs)}   (target < 100 ms)`,
    );
    console.log(
      `refresh: score-only on the panel range        ${ms(figures.cachedScoreMs)}   (target < 100 ms)`,
    );
    return figures;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchTimeseries().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
