/**
 * NAB evaluation: streams every series of a NAB-layout corpus through a streaming detector, writes
 * NAB result files and prints the normalised NAB score per profile (one threshold per profile,
 * optimised over the corpus as NAB does).
 *
 *   npm run eval:nab -- [--data DIR] [--detector NAME|all] [--out DIR] [--config JSON] [--likelihood]
 *                       [--no-write]
 *   npm run eval:nab -- --cv [--cv-grid NAME] [--cv-select fit|cv]
 *
 * `--cv`: leave-one-category-out cross-validation of the tuning grid (backend/src/streaming/README.md):
 * configuration and per-profile thresholds chosen on the other categories, pooled held-out raw scores
 * normalised over all windows, the in-sample figure beside.
 *
 * `--detector all` runs every registered detector; components other than the ensemble are shown
 * both raw and post-processed with the anomaly likelihood ("NAME+likelihood"). `--likelihood` wraps
 * a single named detector the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadNabCorpus, type NabSeries } from '../src/eval/nab/corpus';
import { crossValidate, formatCvReport, type Selection } from '../src/eval/nab/crossValidation';
import { runOnCorpus, scoreRun } from '../src/eval/nab/evaluate';
import { NAB_PROFILES, parseProfiles, type NabProfile } from '../src/eval/nab/profiles';
import { writeResultFile } from '../src/eval/nab/resultFiles';
import type { DeepPartial } from '../src/streaming/deepMerge';
import { DEFAULT_ENSEMBLE_CONFIG, ENSEMBLE_MEMBERS, type EnsembleConfig } from '../src/streaming/ensemble';
import {
  createStreamingDetector,
  DEFAULT_STREAMING_DETECTOR,
  isStreamingDetectorName,
  STREAMING_DETECTOR_NAMES,
  type StreamingConfigs,
  type StreamingDetectorName,
} from '../src/streaming/registry';
import { gridLabel, tuningGrids } from './tuneNab';

interface Run {
  readonly name: StreamingDetectorName;
  readonly likelihood: boolean;
  /** Ensemble ablations: a label and the overrides that define them. */
  readonly label?: string;
  readonly overrides?: DeepPartial<EnsembleConfig>;
}

interface Options {
  data: string;
  runs: Run[];
  out: string;
  write: boolean;
  config: DeepPartial<StreamingConfigs[StreamingDetectorName]> | undefined;
  /** Leave-one-category-out cross-validation of the tuning grid (and which grid). */
  cv: string | undefined;
  /** How each fold chooses its configuration (crossValidation.ts `Selection`). */
  select: Selection;
}

/** The repository root: the nearest ancestor of this file holding package.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

function parseArgs(argv: readonly string[]): Options {
  const root = repoRoot();
  const opts: Options = {
    data: resolve(root, '../shared/data/nab'),
    runs: [{ name: DEFAULT_STREAMING_DETECTOR, likelihood: false }],
    out: resolve(root, 'tests/artifacts/nab-results'),
    write: true,
    config: undefined,
    cv: undefined,
    select: 'fit',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--data') opts.data = resolve(next());
    else if (arg === '--out') opts.out = resolve(next());
    else if (arg === '--no-write') opts.write = false;
    else if (arg === '--cv') opts.cv = opts.cv ?? 'default';
    else if (arg === '--cv-grid') opts.cv = next();
    else if (arg === '--cv-select') {
      const v = next();
      if (v !== 'fit' && v !== 'cv') throw new Error('--cv-select fit|cv');
      opts.select = v;
    } else if (arg === '--likelihood') opts.runs = opts.runs.map((r) => ({ ...r, likelihood: true }));
    else if (arg === '--config') opts.config = JSON.parse(next()) as Options['config'];
    else if (arg === '--detector') {
      const name = next();
      if (name === 'all') opts.runs = allRuns();
      else if (isStreamingDetectorName(name)) opts.runs = [{ name, likelihood: false }];
      else throw new Error(`unknown detector "${name}"; known: ${STREAMING_DETECTOR_NAMES.join(', ')}, all`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: evalNab [--data DIR] [--detector NAME|all] [--out DIR] [--config JSON] [--likelihood] [--no-write]\n' +
          '       evalNab --cv [--cv-grid NAME] [--cv-select fit|cv] [--data DIR]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

/**
 * The ensemble; every component raw and with likelihood post-processing; then ensemble ablations:
 * each member alone inside the ensemble machinery (likelihood + range novelty + refractory), and the
 * default without range novelty, without the refractory period, and without the likelihood filter.
 */
function allRuns(): Run[] {
  const runs: Run[] = [{ name: 'ensemble', likelihood: false }];
  for (const name of STREAMING_DETECTOR_NAMES) {
    if (name === 'ensemble') continue;
    runs.push({ name, likelihood: false });
    if (name !== 'range') runs.push({ name, likelihood: true });
  }
  for (const m of ENSEMBLE_MEMBERS)
    runs.push({
      name: 'ensemble',
      likelihood: false,
      label: `ensemble[${m} only]`,
      overrides: { members: [m] },
    });
  runs.push({
    name: 'ensemble',
    likelihood: false,
    label: 'ensemble[no range novelty]',
    overrides: { range: null },
  });
  runs.push({
    name: 'ensemble',
    likelihood: false,
    label: 'ensemble[no refractory]',
    overrides: { refractory: 0 },
  });
  runs.push({
    name: 'ensemble',
    likelihood: false,
    label: 'ensemble[+cusum+holt_winters]',
    overrides: { members: [...DEFAULT_ENSEMBLE_CONFIG.members, 'cusum', 'holt_winters'] },
  });
  return runs;
}

function loadProfiles(dir: string): NabProfile[] {
  const path = join(dir, 'profiles.json');
  return existsSync(path) ? parseProfiles(JSON.parse(readFileSync(path, 'utf8'))) : [...NAB_PROFILES];
}

function evaluateDetector(
  spec: Run,
  corpus: readonly NabSeries[],
  profiles: readonly NabProfile[],
  opts: Options,
): string {
  const config = spec.overrides ?? (opts.runs.length === 1 ? opts.config : undefined);
  const name = spec.label ?? (spec.likelihood ? `${spec.name}+likelihood` : spec.name);
  const run = runOnCorpus(corpus, () =>
    createStreamingDetector(spec.name, config, { likelihood: spec.likelihood }),
  );
  if (opts.write && spec.label === undefined)
    corpus.forEach((s, i) => writeResultFile(opts.out, name, s, run.scores[i]));
  const results = scoreRun(corpus, run.scores, profiles);
  const rate = Math.round(run.points / (run.detectorMs / 1000));
  const cells = results.map(
    (r) => `${r.profile} ${r.normalized.toFixed(2)} (thr ${r.threshold.toPrecision(6)})`,
  );
  return `${name.padEnd(31)} ${cells.join('  ')}  [${run.points} points, ${rate} points/s]`;
}

/**
 * `--cv [--cv-grid NAME]`: every configuration of the tuning grid runs once over the corpus (scores
 * kept in memory), then leave-one-category-out cross-validation chooses configuration and
 * thresholds on the other categories for each held-out category.
 */
function runCrossValidation(
  corpus: readonly NabSeries[],
  profiles: readonly NabProfile[],
  gridName: string,
  selection: Selection,
): void {
  const grid = tuningGrids()[gridName];
  if (grid === undefined)
    throw new Error(`unknown grid "${gridName}"; known: ${Object.keys(tuningGrids()).join(', ')}`);
  const t0 = performance.now();
  const candidates: Float64Array[][] = [];
  for (const config of grid)
    candidates.push(runOnCorpus(corpus, () => createStreamingDetector('ensemble', config)).scores);
  const t1 = performance.now();
  const report = crossValidate(corpus, candidates, profiles, profiles[0], selection);
  const t2 = performance.now();
  console.log(
    `leave-one-category-out CV, grid "${gridName}" (${grid.length} configurations; selection by ${selection === 'fit' ? 'standard score' : 'inner leave-one-category-out standard score'} on the training categories, thresholds per profile)`,
  );
  console.log(formatCvReport(report, grid.map(gridLabel)));
  console.log(`[runs ${((t1 - t0) / 1000).toFixed(1)} s, folds ${((t2 - t1) / 1000).toFixed(1)} s]`);
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.data)) throw new Error(`NAB data directory ${opts.data} not found (use --data)`);
  const corpus = loadNabCorpus(opts.data);
  const profiles = loadProfiles(opts.data);
  const windows = corpus.reduce((a, s) => a + s.windows.length, 0);
  console.log(`NAB corpus ${opts.data}: ${corpus.length} series, ${windows} windows`);
  if (opts.cv !== undefined) {
    runCrossValidation(corpus, profiles, opts.cv, opts.select);
    return;
  }
  for (const spec of opts.runs) console.log(evaluateDetector(spec, corpus, profiles, opts));
  if (opts.write) console.log(`result files under ${opts.out}/<category>/<detector>_<file>.csv`);
}

main();
