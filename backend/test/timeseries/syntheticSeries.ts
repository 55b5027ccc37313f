import { Rng } from '../../src/core/rng';

export const STEP_MS = 60_000;
export const T0 = Date.UTC(2024, 0, 1); // a Monday, 00:00 UTC

/** A smooth daily cycle with Gaussian noise (sd 1), seeded; `spikes` maps index → added value. */
export function seasonalSeries(points: number, spikes: Record<number, number> = {}, seed = 3) {
  const rng = new Rng(seed);
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  for (let i = 0; i < points; i++) {
    const t = T0 + i * STEP_MS;
    const noise = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    timestamps.push(t);
    values.push(50 + 10 * Math.sin((2 * Math.PI * t) / 86_400_000) + noise + (spikes[i] ?? 0));
  }
  return { timestamps, values };
}

export const at = (i: number): number => T0 + i * STEP_MS;
