import { Rng } from '../../src/core/rng';

export const STEP_MS = 300_000; // 5 minutes
export const DAY_MS = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1); // Monday 00:00 UTC
export const POINTS_PER_DAY = DAY_MS / STEP_MS;

export interface Series {
  timestamps: Float64Array;
  values: Float64Array;
}

/** 5-minute series: level + daily sine of `amplitude` + N(0, sd²) noise; `shape(i)` adds extras. */
export function makeSeries(
  points: number,
  opts: {
    level?: number;
    amplitude?: number;
    sd?: number;
    seed?: number;
    shape?: (i: number) => number;
  } = {},
): Series {
  const rng = new Rng(opts.seed ?? 1);
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const t = T0 + i * STEP_MS;
    const noise = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    timestamps[i] = t;
    values[i] =
      (opts.level ?? 100) +
      (opts.amplitude ?? 0) * Math.sin((2 * Math.PI * t) / DAY_MS) +
      (opts.sd ?? 1) * noise +
      (opts.shape?.(i) ?? 0);
  }
  return { timestamps, values };
}
