/**
 * The configuration-selection procedure of the default `ensemble` (documented in
 * backend/src/streaming/README.md): a small grid over global parameters, each configuration run
 * over the whole corpus in the streaming protocol and scored with the NAB scorer. One configuration
 * for all series; nothing is tuned per file. Prints every configuration, best standard score first.
 *
 *   npm run build:backend && node backend/dist/eval/tuneNab.js [--data DIR]
 *
 * Its leave-one-category-out cross-validation: `npm run eval:nab -- --cv`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadNabCorpus } from '../src/eval/nab/corpus';
import { runOnCorpus, scoreRun } from '../src/eval/nab/evaluate';
import type { DeepPartial } from '../src/streaming/deepMerge';
import type { EnsembleConfig, EnsembleMember } from '../src/streaming/ensemble';
import { createStreamingDetector } from '../src/streaming/registry';

/**
 * Nested member sets: the two robust baselines and the EWMA chart (the core: point deviations
 * against a short and a long memory, plus sustained shifts), then adding the forecast and CUSUM.
 * The baselines-only set of the first grid is left out (see the README: under cross-validation the
 * fold that holds out realAWSCloudwatch, where the chart matters, picked it on near-ties elsewhere).
 */
const MEMBER_SETS: readonly (readonly EnsembleMember[])[] = [
  ['level', 'daily', 'ewma'],
  ['level', 'daily', 'ewma', 'holt_winters'],
  ['level', 'daily', 'ewma', 'cusum', 'holt_winters'],
];

/** The first grid's member sets (issue 5), kept for the CV comparison. */
const MEMBER_SETS_ISSUE5: readonly (readonly EnsembleMember[])[] = [['level', 'daily'], ...MEMBER_SETS];

const WEIGHTS = (w: number): Record<EnsembleMember, number> => ({
  level: 1,
  daily: 1,
  seasonal: 1,
  ewma: w,
  cusum: w,
  holt_winters: w,
  shingle_iforest: w,
});

/**
 * The grid: member set × weight of the chart/forecast members × raw-score scale × likelihood
 * learning period × refractory period (72 configurations; 84 with the issue-5 member sets, where the
 * weight is moot for the baselines-only set). `structure` is merged into every configuration. Every
 * other setting keeps the a-priori defaults of its component.
 */
export function tuningGrid(
  memberSets: readonly (readonly EnsembleMember[])[] = MEMBER_SETS,
  structure: DeepPartial<EnsembleConfig> = {},
): DeepPartial<EnsembleConfig>[] {
  const grid: DeepPartial<EnsembleConfig>[] = [];
  for (const members of memberSets) {
    for (const w of members.length > 2 ? [1, 0.85] : [1]) {
      for (const rawHalf of [3, 6, 12]) {
        for (const learningPoints of [150, 300]) {
          for (const refractory of [0, 48]) {
            grid.push({
              ...structure,
              members,
              weights: WEIGHTS(w),
              rawHalf,
              likelihood: { ...structure.likelihood, learningPoints },
              refractory,
            });
          }
        }
      }
    }
  }
  return grid;
}

/** A short label of a grid configuration. */
export function gridLabel(config: DeepPartial<EnsembleConfig>): string {
  return JSON.stringify({ ...config, weights: config.weights?.ewma });
}

/**
 * Named grids for `npm run eval:nab -- --cv --cv-grid NAME`: `default` is the tuning grid; the others
 * are the CV ablations of the README (each is the default grid with one thing changed).
 */
export function tuningGrids(): Record<string, DeepPartial<EnsembleConfig>[]> {
  const grid = tuningGrid();
  const noEwma = MEMBER_SETS.map((m) => m.filter((x) => x !== 'ewma'));
  return {
    default: grid,
    continuous: tuningGrid(MEMBER_SETS, { scoreScale: 'continuous' }),
    'issue5-members': tuningGrid(MEMBER_SETS_ISSUE5),
    issue5: tuningGrid(MEMBER_SETS_ISSUE5, { scoreScale: 'continuous' }),
    'no-ewma': tuningGrid(noEwma),
    'no-range': tuningGrid(MEMBER_SETS, { range: null }),
    'no-refractory': grid.filter((c) => c.refractory === 0),
  };
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function main(): void {
  const i = process.argv.indexOf('--data');
  const data = i > 0 ? resolve(process.argv[i + 1]) : resolve(repoRoot(), '../shared/data/nab');
  const corpus = loadNabCorpus(data);
  const rows: { label: string; std: number; lowFp: number; lowFn: number }[] = [];
  for (const config of tuningGrid()) {
    const run = runOnCorpus(corpus, () => createStreamingDetector('ensemble', config));
    const [std, lowFp, lowFn] = scoreRun(corpus, run.scores).map((r) => r.normalized);
    const label = gridLabel(config);
    rows.push({ label, std, lowFp, lowFn });
    console.log(`${std.toFixed(2)} ${lowFp.toFixed(2)} ${lowFn.toFixed(2)}  ${label}`);
  }
  rows.sort((a, b) => b.std - a.std);
  console.log('\nbest first (standard / low FP / low FN):');
  for (const r of rows)
    console.log(`${r.std.toFixed(2)} ${r.lowFp.toFixed(2)} ${r.lowFn.toFixed(2)}  ${r.label}`);
  const std = rows.map((r) => r.std).sort((a, b) => a - b);
  console.log(
    `\n${rows.length} configurations: standard min ${std[0].toFixed(2)}, median ${std[Math.floor(std.length / 2)].toFixed(2)}, max ${std[std.length - 1].toFixed(2)}`,
  );
}

if (require.main === module) main();
