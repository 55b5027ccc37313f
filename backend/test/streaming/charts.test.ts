import { CusumChart, DEFAULT_CUSUM_CONFIG } from '../../src/streaming/cusumChart';
import { EwmaChart } from '../../src/streaming/ewmaChart';
import { HoltWinters } from '../../src/streaming/holtWinters';
import { SeasonalBaseline } from '../../src/streaming/seasonalBaseline';
import type { StreamingDetector } from '../../src/streaming/types';
import { makeSeries, POINTS_PER_DAY, type Series } from './series';

/** Index of the first point at or after `from` whose |deviation| exceeds `limit` (−1 if none). */
function firstAlarm(det: StreamingDetector, s: Series, from: number, limit: number): number {
  let found = -1;
  for (let i = 0; i < s.values.length; i++) {
    const r = det.update(s.timestamps[i], s.values[i]);
    if (found < 0 && i >= from && Math.abs(r.deviation) > limit) found = i;
  }
  return found;
}

describe('EWMA chart', () => {
  it('catches a one-sigma level shift within a few dozen points, where single points stay unremarkable', () => {
    const shiftAt = 2000;
    const s = makeSeries(2400, { sd: 1, seed: 21, shape: (i) => (i >= shiftAt ? 1.2 : 0) });
    const alarm = firstAlarm(new EwmaChart(), s, 100, 3);
    expect(alarm).toBeGreaterThanOrEqual(shiftAt);
    expect(alarm - shiftAt).toBeLessThan(40);
    // The same shift is invisible to a point-wise rule at 4σ.
    const pointwise = new SeasonalBaseline();
    let loud = 0;
    for (let i = 0; i < s.values.length; i++) {
      const r = pointwise.update(s.timestamps[i], s.values[i]);
      if (i >= shiftAt && i < shiftAt + 40 && Math.abs(r.deviation) > 4) loud++;
    }
    expect(loud).toBeLessThanOrEqual(1);
  });

  it('barely moves for a lone spike (winsorised input)', () => {
    const s = makeSeries(1500, { sd: 1, seed: 22, shape: (i) => (i === 1200 ? 50 : 0) });
    const det = new EwmaChart();
    let max = 0;
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      if (i >= 1200) max = Math.max(max, Math.abs(r.deviation));
    }
    expect(max).toBeLessThan(3.5);
  });
});

describe('CUSUM chart', () => {
  it('signals a gradual upward drift (0.01σ per point) and says so', () => {
    const from = 1500;
    const s = makeSeries(3000, { sd: 1, seed: 23, shape: (i) => (i > from ? 0.01 * (i - from) : 0) });
    const det = new CusumChart({ ...DEFAULT_CUSUM_CONFIG, h: 10 });
    let alarm = -1;
    let reason = '';
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      if (alarm < 0 && r.score > 0.5) {
        alarm = i;
        reason = r.reason;
      }
    }
    expect(alarm).toBeGreaterThan(from);
    expect(alarm - from).toBeLessThan(250); // the drift is 2.5σ by then
    expect(reason).toBe('sustained upward shift (CUSUM)');
  });

  /** Alarms over 20 seeded noise series of 5,000 points. */
  function noiseAlarms(h: number): number {
    let alarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = makeSeries(5000, { sd: 1, seed });
      const det = new CusumChart({ ...DEFAULT_CUSUM_CONFIG, h });
      for (let i = 0; i < s.values.length; i++)
        if (det.update(s.timestamps[i], s.values[i]).score > 0.5) alarms++;
    }
    return alarms;
  }

  it('false-alarms on pure noise at the textbook rate: ~1 per 230 points for k = 0.5, h = 5; rare for h = 10', () => {
    // Two-sided ARL0 for k = 0.5, h = 5 is ≈ 465/2 ≈ 230 (Siegmund), plus 20 re-baselining points
    // after each alarm: 100,000 points → a few hundred alarms.
    const h5 = noiseAlarms(5);
    expect(h5).toBeGreaterThan(200);
    expect(h5).toBeLessThan(600);
    expect(noiseAlarms(10)).toBeLessThanOrEqual(5); // ARL0 in the tens of thousands
  });
});

describe('Holt-Winters residual detector', () => {
  it('learns the daily season once the period is detected and covers ordinary points with its band', () => {
    const spikeAt = 5 * POINTS_PER_DAY + 50;
    const s = makeSeries(6 * POINTS_PER_DAY, {
      amplitude: 25,
      sd: 1,
      seed: 25,
      shape: (i) => (i === spikeAt ? -12 : 0),
    });
    const det = new HoltWinters();
    let inside = 0;
    let n = 0;
    let absErr = 0;
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      if (i === spikeAt) {
        expect(r.deviation).toBeLessThan(-6);
        expect(r.reason).toBe('below forecast band');
      } else if (i >= 4 * POINTS_PER_DAY) {
        n++;
        absErr += Math.abs(s.values[i] - r.expected);
        if (r.lower <= s.values[i] && s.values[i] <= r.upper) inside++;
      }
    }
    expect(det.explain()).toMatch(/daily season/);
    expect(inside / n).toBeGreaterThan(0.97);
    expect(absErr / n).toBeLessThan(1.3); // one-step error close to the noise (E|N(0,1)| ≈ 0.8)
  });
});
