import { invalidInput } from '../../core/errors';
import type { Normalization } from '../../core/normalization';
import type { FitRunner } from '../../training/fitRunner';
import { unitCacheKey, type CachedModel } from '../cache/cachedModel';
import { featureWarmup, selectRows, type FeatureTable } from '../features/pointFeatures';
import { fmt, seriesLabel } from '../output/format';
import { fingerprint, type ModelCache } from '../cache/modelCache';
import type { DetectorConfig, FeatureSpec, TimeWindow } from '../schemas';
import { fitTabular, mostUnusualFeature, scoreTabular, type TabularModel } from './tabularModel';
import { levelBefore, type ModelStatus, type UnitOutcome, type UnitResult } from './unitResult';
import { indicesIn, tooFewTrainingPoints, unitFeatures, type Unit } from './units';

export interface TabularContext {
  readonly runner: FitRunner;
  readonly cache: ModelCache<CachedModel>;
  readonly modelKey: string;
  readonly features: FeatureSpec;
  readonly detector: DetectorConfig;
  readonly training: TimeWindow;
  readonly range: TimeWindow;
}

const pick = (a: Float64Array, idx: Int32Array): Float64Array => Float64Array.from(idx, (i) => a[i]);

/** Fits (or reuses) the unit's model on its training rows and scores the scoring range. */
export async function detectTabularUnit(ctx: TabularContext, unit: Unit): Promise<UnitOutcome> {
  const table = unitFeatures(unit, ctx.features);
  const train = trainingRows(unit, ctx.training, featureWarmup(ctx.features));
  if (typeof train === 'string') return { ok: false, failure: { unit, message: train } };
  const fp = fingerprint(pick(unit.t, train), ...unit.values.map((v) => pick(v, train)));
  const key = unitCacheKey(ctx.modelKey, unit.id);
  let entry = ctx.cache.get(key);
  let status: ModelStatus = 'reused';
  if (entry?.kind !== 'tabular' || entry.fingerprint !== fp) {
    const x = { data: selectRows(table, train), rows: train.length, cols: table.cols };
    const model = await fitTabular(ctx.runner, ctx.detector, x, table.names);
    entry = {
      kind: 'tabular',
      fingerprint: fp,
      model,
      fittedAt: new Date().toISOString(),
      trainingPoints: train.length,
    };
    ctx.cache.set(key, entry);
    status = 'fitted';
  }
  const idx = indicesIn(unit, ctx.range, true, false);
  const { normalization, threshold } = ctx.detector;
  return {
    ok: true,
    result: scoreUnit(entry, unit, table, idx, normalization, threshold, status, ctx.detector.method),
  };
}

/** Training rows: observed points in the window, leaving out rows whose features lack history. */
function trainingRows(unit: Unit, training: TimeWindow, warmup: number): Int32Array | string {
  const inWindow = indicesIn(unit, training, false, true);
  const complete = inWindow.filter((i) => i >= warmup);
  const rows = complete.length >= 2 ? complete : inWindow;
  return rows.length >= 2 ? rows : tooFewTrainingPoints(unit, training, rows.length);
}

/** Scores the rows at `idx` with a fitted model; points without a value get score NaN. */
export function scoreUnit(
  entry: Extract<CachedModel, { kind: 'tabular' }>,
  unit: Unit,
  table: FeatureTable & { member: Int32Array },
  idx: Int32Array,
  normalization: Normalization,
  thresholdOverride: number | undefined,
  status: ModelStatus,
  method: string,
): UnitResult {
  const { model } = entry;
  if (table.cols !== model.featureNames.length) {
    throw invalidInput(
      `the cached model expects ${model.featureNames.length} features but got ${table.cols}`,
    );
  }
  const observed = Int32Array.from([...idx].filter((i) => observedOne(unit, i)));
  const scored = scoreTabular(
    model,
    { data: selectRows(table, observed), rows: observed.length, cols: table.cols },
    normalization,
  );
  const threshold = thresholdOverride ?? model.trained.thresholds[normalization];
  const score = new Float64Array(idx.length).fill(NaN);
  const flags = new Uint8Array(idx.length);
  for (let k = 0, o = 0; k < idx.length; k++) {
    if (o < observed.length && observed[o] === idx[k]) {
      score[k] = scored[o++];
      flags[k] = score[k] > threshold ? 1 : 0;
    }
  }
  return {
    unit,
    idx,
    score,
    flags,
    threshold,
    expected: null,
    lower: null,
    upper: null,
    status,
    trainingPoints: entry.trainingPoints,
    fittedAt: entry.fittedAt,
    explain: (k, regionStart) =>
      explainRow(model, unit, table, idx, k, regionStart, score[k], threshold, method),
  };
}

function observedOne(unit: Unit, i: number): boolean {
  return unit.values.some((v) => !Number.isNaN(v[i]));
}

function explainRow(
  model: TabularModel,
  unit: Unit,
  table: FeatureTable & { member: Int32Array },
  idx: Int32Array,
  k: number,
  regionStart: number,
  score: number,
  threshold: number,
  method: string,
) {
  const i = idx[k];
  const top = mostUnusualFeature(model, table.data.subarray(i * table.cols, (i + 1) * table.cols));
  const member = table.member[top.index];
  const values = unit.values[member];
  const value = values[i];
  const before = levelBefore(values, idx[regionStart], 5);
  const direction: 'up' | 'down' = Number.isNaN(before) || value >= before ? 'up' : 'down';
  const series = unit.members[member];
  const label = seriesLabel(series.name, series.labels);
  const move = Number.isNaN(before)
    ? `was ${fmt(value)}`
    : `${direction === 'up' ? 'rose' : 'fell'} to ${fmt(value)} from about ${fmt(before)}`;
  const text =
    `${label} ${move}; most unusual feature ${top.name} = ${fmt(top.value)} ` +
    `(${fmt(top.iqrs)} training IQRs from its median); ${method} score ${fmt(score)} > ${fmt(threshold)}`;
  return { text, direction, member };
}

/** The score-only route: points from `scoreFrom` on, scored with the unit's cached model. */
export function scoreCachedTabular(
  entry: Extract<CachedModel, { kind: 'tabular' }>,
  unit: Unit,
  features: FeatureSpec,
  scoreFrom: number,
  detector: DetectorConfig,
): UnitResult {
  const idx = indicesIn(unit, { from: scoreFrom, to: Infinity }, true, false);
  const table = unitFeatures(unit, features);
  return scoreUnit(
    entry,
    unit,
    table,
    idx,
    detector.normalization,
    detector.threshold,
    'reused',
    detector.method,
  );
}
