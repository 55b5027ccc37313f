import type { MonitorOptions } from '../src/contract/monitors';
import { replayAll, seriesByKey } from '../test/helpers/baselineHarness';
import { DAY, T0, generateTraffic, randomProfiles } from '../test/helpers/baselineTraffic';

/**
 * False anomalies of the baseline engine on clean synthetic traffic (backend/src/baseline/README.md,
 * "Defaults and how they were chosen"): 4 orgs × 5 features × 6 monitor types over 3 weeks, per
 * seed, for a small grid of options. Calibration seeds only — the acceptance test uses others.
 *
 *   node -r ./backend/test/helpers/registerTypescript.js backend/eval/baselineFalseAlarms.ts [seeds] [grid rows]
 */
const GRID: { name: string; options: Partial<MonitorOptions> }[] = [
  {
    name: 'spec start: k 2, 2 of 3, extreme 4',
    options: { sensitivity: 2, trigger_hits: 2, trigger_window: 3, extreme_sigma: 4 },
  },
  {
    name: 'k 2.5, 2 of 3, extreme 5',
    options: { sensitivity: 2.5, trigger_hits: 2, trigger_window: 3, extreme_sigma: 5 },
  },
  {
    name: 'k 2, 3 of 4, extreme 5',
    options: { sensitivity: 2, trigger_hits: 3, trigger_window: 4, extreme_sigma: 5 },
  },
  {
    name: 'k 2, 3 of 4, extreme 6',
    options: { sensitivity: 2, trigger_hits: 3, trigger_window: 4, extreme_sigma: 6 },
  },
  {
    name: 'k 2.5, 3 of 4, extreme 5',
    options: { sensitivity: 2.5, trigger_hits: 3, trigger_window: 4, extreme_sigma: 5 },
  },
  {
    name: 'k 2.5, 3 of 4, extreme 6',
    options: { sensitivity: 2.5, trigger_hits: 3, trigger_window: 4, extreme_sigma: 6 },
  },
  {
    name: 'k 3, 2 of 3, extreme 6',
    options: { sensitivity: 3, trigger_hits: 2, trigger_window: 3, extreme_sigma: 6 },
  },
  {
    name: 'k 3, 3 of 4, extreme 6',
    options: { sensitivity: 3, trigger_hits: 3, trigger_window: 4, extreme_sigma: 6 },
  },
];

function main(): void {
  const seeds = (process.argv[2] ?? '101,103').split(',').map(Number);
  const only = process.argv[3]?.split(',').map(Number);
  const days = 21;
  for (const seed of seeds) {
    const profiles = randomProfiles(seed, ['o1', 'o2', 'o3', 'o4'], ['a', 'b', 'c', 'd', 'e']);
    const data = generateTraffic(seed + 1, profiles, T0, T0 + days * DAY);
    const series = seriesByKey(data, T0, T0 + days * DAY);
    const keys = profiles.map((p) => `${p.org}/${p.feature}`);
    for (const [index, g] of GRID.entries()) {
      if (only && !only.includes(index)) continue;
      for (const baseline of ['seasonal', 'classic'] as const) {
        const found = replayAll(series, keys, T0, T0 + days * DAY, { ...g.options, baseline });
        const byType: Record<string, number> = {};
        for (const a of found) byType[a.type] = (byType[a.type] ?? 0) + 1;
        console.log(
          `seed ${seed} | ${g.name} | ${baseline} | ${found.length} anomalies ${JSON.stringify(byType)}`,
        );
      }
    }
  }
}

main();
