import { Rng } from '../src/core/rng';
import { scoreMany, type SeriesInput } from '../src/streaming/batch';
import {
  createStreamingDetector,
  STREAMING_DETECTOR_NAMES,
  type StreamingDetectorName,
} from '../src/streaming/registry';
import { bestMs } from './timing';

const STEP_MS = 300_000; // 5-minute data
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Daily-seasonal 5-minute series with Gaussian noise, a slow trend and rare spikes. */
export function syntheticSeries(
  points: number,
  seed: number,
): { timestamps: Float64Array; values: Float64Array } {
  const rng = new Rng(seed);
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  const level = 50 + 20 * rng.nextFloat();
  for (let i = 0; i < points; i++) {
    const t = T0 + i * STEP_MS;
    const noise = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const spike = rng.nextFloat() < 0.001 ? 25 : 0;
    timestamps[i] = t;
    values[i] = level + 10 * Math.sin((2 * Math.PI * t) / DAY_MS) + 2 * noise + spike + i * 1e-4;
  }
  return { timestamps, values };
}

export interface StreamingBenchFigures {
  /** Points per second per detector, one long series streamed point by point. */
  readonly streaming: Record<string, number>;
  readonly batchSeries: number;
  readonly batchPoints: number;
  readonly batchMs: number;
  readonly batchPointsPerSecond: number;
}

function streamOnce(name: StreamingDetectorName, s: SeriesInput): number {
  const det = createStreamingDetector(name);
  let acc = 0;
  for (let i = 0; i < s.values.length; i++) acc += det.update(s.timestamps[i], s.values[i]).score;
  return acc;
}

/**
 * Streaming throughput of every registered detector on one 100,000-point series (best of
 * `repeats`), then the default detector over 1,000 series × 2,016 points (a week of 5-minute data)
 * in one `scoreMany` call. Prints a table; returns the figures.
 */
export async function benchStreaming(
  options: { points?: number; repeats?: number; batchSeries?: number; batchPoints?: number } = {},
): Promise<StreamingBenchFigures> {
  const points = options.points ?? 100_000;
  const repeats = options.repeats ?? 3;
  const batchSeries = options.batchSeries ?? 1000;
  const batchPoints = options.batchPoints ?? 2016;
  console.log(
    `\n## Streaming time-series detectors (single thread, ${points.toLocaleString('en-US')}-point series)`,
  );
  const one = syntheticSeries(points, 11);
  const streaming: Record<string, number> = {};
  for (const name of STREAMING_DETECTOR_NAMES) {
    const ms = await bestMs(repeats, () => streamOnce(name, one));
    streaming[name] = points / (ms / 1000);
    console.log(
      `${name.padEnd(16)} ${Math.round(streaming[name]).toLocaleString('en-US').padStart(12)} points/s`,
    );
  }
  const batch: SeriesInput[] = [];
  for (let k = 0; k < batchSeries; k++) batch.push(syntheticSeries(batchPoints, 1000 + k));
  scoreMany('ensemble', batch.slice(0, 20)); // warm the JIT
  const batchMs = await bestMs(1, () => scoreMany('ensemble', batch));
  const total = batchSeries * batchPoints;
  const rate = total / (batchMs / 1000);
  console.log(
    `ensemble batch: ${batchSeries} series × ${batchPoints} points = ${total.toLocaleString('en-US')} points in ` +
      `${(batchMs / 1000).toFixed(2)} s (${Math.round(rate).toLocaleString('en-US')} points/s)`,
  );
  return { streaming, batchSeries, batchPoints, batchMs, batchPointsPerSecond: rate };
}

if (require.main === module) {
  benchStreaming().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
