import { LatencySketch } from '../../src/store/latencySketch';
import { Rng } from '../../src/core/rng';

/** Lognormal latencies (median e^μ ms) from a seeded generator. */
function lognormal(n: number, mu: number, sigma: number, seed: number): number[] {
  const rng = new Rng(seed);
  const random = (): number => rng.nextFloat();
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
}

/** Type-7 quantile (linear interpolation between order statistics, numpy's default). */
const exact = (sorted: number[], q: number): number => {
  const h = q * (sorted.length - 1);
  const r = Math.floor(h);
  return r + 1 < sorted.length ? sorted[r] + (h - r) * (sorted[r + 1] - sorted[r]) : sorted[r];
};

describe('LatencySketch', () => {
  it.each([
    [50_000, 5, 0.5, 1],
    [20_000, 3, 1.5, 2],
    [1_000, 6, 1, 3],
  ])(
    'quantiles of %d lognormal values (μ %d, σ %d) are within 2%% relative of exact',
    (n, mu, sigma, seed) => {
      const values = lognormal(n, mu, sigma, seed);
      const sketch = new LatencySketch();
      for (const v of values) sketch.add(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]) {
        const truth = exact(sorted, q);
        expect(Math.abs(sketch.quantile(q)! / truth - 1)).toBeLessThan(0.02);
      }
    },
  );

  it('merging parts equals one pass, whatever the split, and survives its stored bytes', () => {
    const values = lognormal(10_000, 4, 1, 7);
    const single = new LatencySketch();
    for (const v of values) single.add(v);
    const merged = new LatencySketch();
    for (let at = 0; at < values.length; at += 1_337) {
      const part = new LatencySketch();
      for (const v of values.slice(at, at + 1_337)) part.add(v);
      merged.merge(LatencySketch.fromBytes(part.toBytes()));
    }
    expect(merged.count).toBe(values.length);
    for (const q of [0, 0.5, 0.95, 0.99, 1]) expect(merged.quantile(q)).toBe(single.quantile(q));
    expect(LatencySketch.fromBytes(merged.toBytes()).quantile(0.95)).toBe(single.quantile(0.95));
  });

  it('counts zeros, answers null when empty, and stays small', () => {
    const sketch = new LatencySketch();
    expect(sketch.quantile(0.5)).toBeNull();
    for (let i = 0; i < 10; i++) sketch.add(0);
    sketch.add(250);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(Math.abs(sketch.quantile(1)! / 250 - 1)).toBeLessThan(0.01);
    const wide = new LatencySketch();
    for (const v of lognormal(100_000, 5, 1, 9)) wide.add(v);
    expect(wide.toBytes().byteLength).toBeLessThan(3 * 600); // ≤ 600 bins for five decades, ≤ 3 bytes each
  });
});
