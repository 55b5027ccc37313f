import { PeriodSelector, DEFAULT_PERIOD_CONFIG } from '../../src/streaming/periodSelector';
import { SeasonalBaseline, DEFAULT_SEASONAL_CONFIG } from '../../src/streaming/seasonalBaseline';
import { makeSeries, POINTS_PER_DAY, STEP_MS, T0, type Series } from './series';

function choiceAfter(s: Series): string {
  const sel = new PeriodSelector(DEFAULT_PERIOD_CONFIG);
  for (let i = 0; i < s.values.length; i++) {
    sel.prepare(s.timestamps[i]);
    sel.learn(s.timestamps[i], s.values[i]);
  }
  return sel.choice;
}

describe('period detection', () => {
  it('finds a daily period, no period in noise, and a weekly one for weekday/weekend traffic', () => {
    expect(choiceAfter(makeSeries(4 * POINTS_PER_DAY, { amplitude: 10, seed: 1 }))).toBe('daily');
    expect(choiceAfter(makeSeries(4 * POINTS_PER_DAY, { amplitude: 0, seed: 2 }))).toBe('none');
    // Days 5 and 6 of each week (Saturday, Sunday from a Monday start) run at a quarter of the load.
    const weekly = makeSeries(28 * POINTS_PER_DAY, {
      amplitude: 10,
      seed: 3,
      shape: (i) => (Math.floor(i / POINTS_PER_DAY) % 7 >= 5 ? -60 : 0),
    });
    expect(choiceAfter(weekly)).toBe('weekly');
  });

  it('needs two full cycles before it commits to a period', () => {
    expect(choiceAfter(makeSeries(Math.floor(1.9 * POINTS_PER_DAY), { amplitude: 10 }))).toBe('none');
  });
});

describe('robust seasonal baseline', () => {
  const spikeAt = 4 * POINTS_PER_DAY + 100;
  const s = makeSeries(5 * POINTS_PER_DAY, {
    amplitude: 20,
    sd: 1,
    seed: 4,
    shape: (i) => (i === spikeAt ? 15 : 0),
  });

  it('tracks the daily shape, flags a spike, and keeps ordinary points inside the band', () => {
    const det = new SeasonalBaseline();
    let inside = 0;
    let checked = 0;
    let worst = 0;
    for (let i = 0; i < s.values.length; i++) {
      const r = det.update(s.timestamps[i], s.values[i]);
      if (i === spikeAt) {
        expect(r.deviation).toBeGreaterThan(8);
        expect(r.score).toBeGreaterThan(0.65);
        expect(r.reason).toBe('above seasonal band');
        continue;
      }
      if (i >= 3 * POINTS_PER_DAY) {
        const truth = 100 + 20 * Math.sin((2 * Math.PI * (T0 + i * STEP_MS)) / 86_400_000);
        worst = Math.max(worst, Math.abs(r.expected - truth));
        checked++;
        if (r.lower <= s.values[i] && s.values[i] <= r.upper) inside++;
      }
    }
    expect(det.baseline).toBe('daily');
    expect(worst).toBeLessThan(2.5); // median of 21 nearby same-time values
    expect(inside / checked).toBeGreaterThan(0.97);
  });

  it('uses the spread floors on a flat line: 0.1% wiggles stay quiet, a 10% step does not', () => {
    const det = new SeasonalBaseline({
      ...DEFAULT_SEASONAL_CONFIG,
      period: { ...DEFAULT_PERIOD_CONFIG, mode: 'none' },
    });
    let t = T0;
    for (let i = 0; i < 400; i++) det.update((t += STEP_MS), 45);
    expect(det.update((t += STEP_MS), 45.045).score).toBeLessThan(0.05);
    const step = det.update((t += STEP_MS), 49.5);
    expect(step.deviation).toBeCloseTo(10, 6); // (49.5 − 45) / (1% of 45)
    expect(step.score).toBeGreaterThan(0.7);
  });
});
