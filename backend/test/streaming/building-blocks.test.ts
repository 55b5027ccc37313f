import { Rng } from '../../src/core/rng';
import { percentile } from '../../src/core/stats';
import { AnomalyLikelihood, DEFAULT_LIKELIHOOD_CONFIG } from '../../src/streaming/anomalyLikelihood';
import { deepMerge } from '../../src/streaming/deepMerge';
import { normalTail } from '../../src/streaming/normal';
import { RangeNovelty } from '../../src/streaming/rangeNovelty';
import { RingBuffer } from '../../src/streaming/ringBuffer';
import { SlotProfile, type SlotEstimate } from '../../src/streaming/slotProfile';
import { SortedWindow } from '../../src/streaming/sortedWindow';
import { StepEstimator } from '../../src/streaming/stepEstimator';

describe('normal tail', () => {
  it('matches known values, including far tails in relative terms', () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 7);
    expect(normalTail(1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalTail(-1)).toBeCloseTo(0.841344746, 6);
    expect(normalTail(6) / 9.865876450377e-10).toBeCloseTo(1, 5);
  });
});

describe('SortedWindow', () => {
  it('gives numpy-linear quantiles of exactly the last `capacity` values', () => {
    const rng = new Rng(3);
    const w = new SortedWindow(37);
    const all: number[] = [];
    for (let i = 0; i < 500; i++) {
      const x = Math.round(rng.nextFloat() * 20); // many ties
      w.push(x);
      all.push(x);
      const last = all.slice(-37);
      for (const q of [0, 0.25, 0.5, 0.75, 1])
        expect(w.quantile(q)).toBeCloseTo(percentile(last, q * 100), 12);
      expect(w.recent(0)).toBe(x);
    }
    expect(w.length).toBe(37);
  });

  it('RingBuffer evicts the oldest value', () => {
    const r = new RingBuffer(3);
    expect([r.push(1), r.push(2), r.push(3), r.push(4)]).toEqual([NaN, NaN, NaN, 1]);
    expect([r.get(0), r.get(2), r.get(3)]).toEqual([4, 2, NaN]);
  });
});

describe('SlotProfile', () => {
  it('pools a slot with its neighbours and returns their median and 1.4826·MAD', () => {
    const p = new SlotProfile(1000, 100, 2, 1); // 10 slots of 100 ms, 2 values each
    for (const [t, v] of [
      [50, 1],
      [150, 2],
      [250, 3],
      [1150, 20],
      [2150, 4],
      [950, 9],
    ] as const) {
      p.add(t, v);
    }
    const out: SlotEstimate = { median: NaN, spread: NaN, count: 0 };
    p.estimate(3150, out); // slot 1 (holds 20, 4 after evicting 2) + slots 0 and 2
    expect(out.count).toBe(4);
    expect(out.median).toBe(3.5); // {1, 3, 4, 20}
    expect(out.spread).toBeCloseTo(1.4826 * 1.5, 12); // |dev| = {2.5, 0.5, 0.5, 16.5}
    p.estimate(0, out); // slot 0 pools slot 9 (wrapping) {9}, slot 0 {1} and slot 1 {20, 4}
    expect(out.count).toBe(4);
    expect(out.median).toBe(6.5);
  });

  it('StepEstimator freezes the median gap of the first samples', () => {
    const s = new StepEstimator(4);
    for (const t of [0, 10, 20, 20, 35, 45, 1000, 5000]) s.update(t);
    expect(s.stepMs).toBe(10); // gaps 10, 10, 15, 10 (the zero gap is skipped)
  });
});

describe('anomaly likelihood', () => {
  it('reports Numenta’s neutral 0.0301 while learning, then a small score for an ordinary stream', () => {
    const lk = new AnomalyLikelihood({
      ...DEFAULT_LIKELIHOOD_CONFIG,
      learningPoints: 100,
      reestimateEvery: 10,
    });
    const rng = new Rng(1);
    const first = lk.update(0.2);
    expect(first).toBeCloseTo(Math.log(0.5 + 1e-10) / Math.log(1e-10), 12);
    expect(first).toBeCloseTo(0.0301029996, 9);
    let max = 0;
    for (let i = 1; i < 2000; i++) {
      const s = lk.update(0.2 + 0.1 * rng.nextFloat());
      if (i > 150) max = Math.max(max, s);
    }
    expect(max).toBeLessThan(0.3);
  });

  it('fires on a sudden rise of the recent average, and keeps only the first red point of a run', () => {
    const lk = new AnomalyLikelihood({ ...DEFAULT_LIKELIHOOD_CONFIG, learningPoints: 100 });
    const rng = new Rng(2);
    for (let i = 0; i < 1000; i++) lk.update(0.1 + 0.05 * rng.nextFloat());
    const scores: number[] = [];
    const tails: number[] = [];
    for (let i = 0; i < 10; i++) {
      scores.push(lk.update(0.95));
      tails.push(lk.tail);
    }
    const red = tails.map((t) => t <= 1e-5);
    const firstRed = red.indexOf(true);
    expect(firstRed).toBeGreaterThanOrEqual(0);
    expect(scores[firstRed]).toBeGreaterThan(0.5);
    for (let i = firstRed + 1; i < 10; i++) {
      if (red[i] && red[i - 1]) expect(scores[i]).toBeCloseTo(Math.log(1e-3 + 1e-10) / Math.log(1e-10), 12);
    }
  });
});

describe('range novelty', () => {
  it('flags values beyond the seen range plus 5% tolerance, after a warm-up', () => {
    const r = new RangeNovelty({ tolerance: 0.05, warmup: 3 });
    // 20.4 is within 20 + 5%·10; 21 is beyond 20.4 + 5%·10.4; 9.4 is below 10 − 5%·11; 9.3 is not.
    const scores = [10, 20, 15, 20.4, 21, 9.4, 9.3].map((v, i) => r.update(i, v).score);
    expect(scores).toEqual([0, 0, 0, 0, 1, 1, 0]);
    expect(r.update(8, 5).reason).toBe('new minimum');
  });
});

describe('deepMerge', () => {
  it('merges nested objects, replaces arrays and rejects unknown keys', () => {
    const base = { a: 1, b: { c: 2, d: [1, 2] } };
    expect(deepMerge(base, { b: { d: [3] } })).toEqual({ a: 1, b: { c: 2, d: [3] } });
    expect(base.b.d).toEqual([1, 2]);
    expect(() => deepMerge(base, { b: { e: 1 } } as never)).toThrow('config.b.e: unknown setting');
    expect(() => deepMerge(base, { a: '1' } as never)).toThrow('config.a: expected a number');
    expect(() => deepMerge(base, { a: NaN })).toThrow('config.a: expected a finite number');
    expect(() => deepMerge(base, { b: 3 } as never)).toThrow('config.b: expected an object');
    expect(deepMerge({ r: { t: 1 } as { t: number } | null }, { r: null })).toEqual({ r: null });
  });
});
