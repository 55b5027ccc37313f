import { replayAll, seriesByKey } from '../helpers/baselineHarness';
import { DAY, T0, generateTraffic, randomProfiles } from '../helpers/baselineTraffic';

/**
 * Clean traffic, 3 weeks, 20 (org, feature) groups × 6 monitor types = 120 monitors (Poisson counts
 * with daily and weekly cycles between 20 and 200 per bucket, lognormal cost and latency, 1%
 * errors, 1% model fallbacks). Acceptance seed 11 — the defaults were chosen on seeds 101 and 103
 * (backend/eval/baselineFalseAlarms.ts).
 */
describe('false alarms on clean traffic', () => {
  const days = 21;
  const to = T0 + days * DAY;
  const profiles = randomProfiles(11, ['o1', 'o2', 'o3', 'o4'], ['a', 'b', 'c', 'd', 'e']);
  const series = seriesByKey(generateTraffic(12, profiles, T0, to), T0, to);
  const keys = profiles.map((p) => `${p.org}/${p.feature}`);

  it('the default configuration opens at most 5 anomalies over 3 weeks of 120 monitors (classic printed beside it)', () => {
    const seasonal = replayAll(series, keys, T0, to);
    const classic = replayAll(series, keys, T0, to, { baseline: 'classic' });
    const count = (list: typeof seasonal): string => {
      const by: Record<string, number> = {};
      for (const a of list) by[a.type] = (by[a.type] ?? 0) + 1;
      return `${list.length} ${JSON.stringify(by)}`;
    };
    console.log(
      `false anomalies, 120 monitors × 21 days, seed 11:\n  default (seasonal): ${count(seasonal)}\n  classic (7-day mean ± kσ, same gating): ${count(classic)}\n` +
        seasonal.map((a) => `  default: ${a.detected_at} ${a.summary}`).join('\n'),
    );
    expect(seasonal.length).toBeLessThanOrEqual(5);
  }, 300_000);
});
