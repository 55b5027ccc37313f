import { DEFAULT_ENSEMBLE_CONFIG, Ensemble } from '../../src/streaming/ensemble';
import { ShingleForest } from '../../src/streaming/shingleForest';
import { makeSeries, POINTS_PER_DAY, STEP_MS, T0 } from './series';

describe('ensemble', () => {
  it('flags a spike and a level shift once each, and stays quiet on ordinary days', () => {
    const spikeAt = 4 * POINTS_PER_DAY + 30;
    const shiftAt = 5 * POINTS_PER_DAY;
    const s = makeSeries(6 * POINTS_PER_DAY, {
      amplitude: 20,
      sd: 1,
      seed: 31,
      // A spike beyond the range seen so far, then a +6 shift that stays inside it.
      shape: (i) => (i === spikeAt ? 30 : 0) + (i >= shiftAt ? 6 : 0),
    });
    const det = new Ensemble();
    const alerts: number[] = [];
    let spikeReason = '';
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      if (i === spikeAt) spikeReason = det.explain();
      if (i >= 3 * POINTS_PER_DAY && r.score >= 0.5) alerts.push(i);
    }
    expect(alerts[0]).toBe(spikeAt);
    expect(spikeReason).toMatch(/outside the range seen so far/);
    const shiftAlerts = alerts.filter((i) => i >= shiftAt && i < shiftAt + 48);
    expect(shiftAlerts.length).toBeGreaterThanOrEqual(1);
    expect(shiftAlerts[0] - shiftAt).toBeLessThan(24);
    // Besides these two events: no alerts on days 3-4 and at most a couple after the shift.
    expect(alerts.filter((i) => i !== spikeAt && i < shiftAt)).toEqual([]);
    expect(alerts.filter((i) => i >= shiftAt).length).toBeLessThanOrEqual(3);
  });

  it('reports the likelihood path in whole decades by default, continuously on request', () => {
    const s = makeSeries(5 * POINTS_PER_DAY, {
      amplitude: 20,
      sd: 1,
      seed: 33,
      shape: (i) => (i >= 4 * POINTS_PER_DAY ? 6 : 0),
    });
    const decades = new Ensemble();
    const continuous = new Ensemble({ ...DEFAULT_ENSEMBLE_CONFIG, scoreScale: 'continuous' });
    const seen = new Set<number>();
    for (let i = 0; i < s.values.length; i++) {
      const d = decades.update(s.timestamps[i], s.values[i]).score;
      const c = continuous.update(s.timestamps[i], s.values[i]).score;
      seen.add(d);
      // Same decision at every decade: the decade score is the continuous one rounded down to 0.1.
      expect(d).toBe(c >= 1 ? 1 : Math.floor(c * 10) / 10);
    }
    for (const d of seen) expect(d === 1 || Math.abs(d * 10 - Math.round(d * 10)) < 1e-12).toBe(true);
    expect(seen.has(0.5) || [...seen].some((d) => d > 0.5)).toBe(true);
  });

  it('reports the seasonal expected value and band and explains its strongest member', () => {
    const s = makeSeries(4 * POINTS_PER_DAY, { amplitude: 20, sd: 1, seed: 32 });
    const det = new Ensemble({ ...DEFAULT_ENSEMBLE_CONFIG, range: null });
    let last = det.update(s.timestamps[0], s.values[0]);
    for (let i = 1; i < s.values.length; i++) last = det.update(s.timestamps[i], s.values[i]);
    const t = T0 + (s.values.length - 1) * STEP_MS;
    const truth = 100 + 20 * Math.sin((2 * Math.PI * t) / 86_400_000);
    expect(Math.abs(last.expected - truth)).toBeLessThan(2);
    expect(last.lower).toBeLessThan(last.expected);
    expect(last.upper).toBeGreaterThan(last.expected);
    expect(det.explain()).toMatch(/strongest signal (level|daily|ewma)/);
  });

  it('accepts any member set, including the forest and the charts', () => {
    const s = makeSeries(1500, { amplitude: 5, seed: 33 });
    const det = new Ensemble({
      ...DEFAULT_ENSEMBLE_CONFIG,
      members: ['seasonal', 'cusum', 'holt_winters', 'shingle_iforest'],
    });
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('isolation forest on shingles', () => {
  it('scores an unseen shape higher than the ordinary ones, within the usual value range', () => {
    // A 48-point sine whose phase flips by half a period at 2000: every value stays in [−1, 1], but
    // the shingles across the flip (a jump from a trough to a crest) were never seen.
    const n = 2100;
    const det = new ShingleForest();
    const scores: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = Math.sin((2 * Math.PI * i) / 48 + (i >= 2000 ? Math.PI : 0));
      scores.push(det.update(T0 + i * STEP_MS, v).score);
    }
    const ordinary = scores.slice(1000, 2000).sort((a, b) => a - b);
    const max = ordinary[ordinary.length - 1];
    expect(Math.max(...scores.slice(2000, 2008))).toBeGreaterThan(max); // beyond every ordinary shingle of the last 1,000
    expect(det.explain()).toMatch(/isolation score/);
  });
});
