import { Rng } from '../../src/core/rng';
import { gaussianMatrix, toRows } from '../helpers/data';

/** `n` points `{value}` cycling 10..14, as LlamaFarm's streaming tests feed them. */
export const cycling = (n: number, from = 0): { value: number }[] =>
  Array.from({ length: n }, (_, i) => ({ value: 10 + ((from + i) % 5) }));

/** `n` standard-normal points with fields a, b (seeded). */
export const gaussianPoints = (n: number, seed: number): { a: number; b: number }[] =>
  toRows(gaussianMatrix(n, 2, seed)).map(([a, b]) => ({ a, b }));

/** A minute-spaced series around 10 with a slow wave and noise; `spikes` adds to chosen points. */
export function minuteSeries(
  n: number,
  seed: number,
  spikes: Record<number, number> = {},
  startMs = Date.UTC(2026, 0, 1),
): { timestamp: number; v: number }[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    timestamp: startMs + i * 60_000,
    v: 10 + Math.sin(i / 30) + 0.4 * (rng.nextFloat() - 0.5) + (spikes[i] ?? 0),
  }));
}

/** Polls `check` until it returns a value (not undefined), at most `tries` × 100 ms. */
export async function eventually<T>(check: () => Promise<T | undefined>, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}
