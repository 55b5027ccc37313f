import { DomainError, invalidField } from '../../core/errors';
import { percentileSorted } from '../../core/stats';
import type { StreamingDetector } from '../../streaming/types';
import { warmupPoints } from '../../streaming/warmup';
import { unitCacheKey, type CachedModel } from '../cache/cachedModel';
import type { ModelCache } from '../cache/modelCache';
import type { DetectorConfig, TimeWindow } from '../schemas';
import type { StreamingCatalog } from '../methods/streamingCatalog';
import type { ModelStatus, PointExplanation, UnitOutcome, UnitResult } from './unitResult';
import { indicesIn, tooFewTrainingPoints, unitLabel, type Unit } from './units';

export interface StreamingContext {
  readonly catalog: StreamingCatalog;
  readonly cache: ModelCache<CachedModel>;
  readonly modelKey: string;
  readonly detector: DetectorConfig;
  readonly training: TimeWindow;
  readonly range: TimeWindow;
}

export function createStreaming(catalog: StreamingCatalog, config: DetectorConfig): StreamingDetector {
  try {
    const detector = catalog.create(config.method, config.params);
    if (detector) return detector;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalidField(
      ['body', 'detector', 'params'],
      error instanceof Error ? error.message : String(error),
    );
  }
  throw invalidField(['body', 'detector', 'method'], `unknown method '${config.method}'`);
}

/**
 * Streams the training window through a fresh detector to learn the threshold, then goes on to
 * score the range. One pass when the range lies after the last training point: a causal detector's
 * scores on the training points do not depend on what follows, so the pass that learned the
 * threshold simply continues. Otherwise (the range overlaps the training window, so alarms there
 * need the threshold before the pass has learned it) a second fresh detector streams the series
 * from the training start.
 */
export function detectStreamingUnit(ctx: StreamingContext, unit: Unit): UnitOutcome {
  const t = unit.t;
  const v = unit.values[0];
  const train = indicesIn(unit, ctx.training, false, true);
  if (train.length < 2)
    return { ok: false, failure: { unit, message: tooFewTrainingPoints(unit, ctx.training, train.length) } };
  const trainT = new Float64Array(train.length);
  const trainV = new Float64Array(train.length);
  for (let k = 0; k < train.length; k++) {
    trainT[k] = t[train[k]];
    trainV[k] = v[train[k]];
  }
  const learner = createStreaming(ctx.catalog, ctx.detector);
  const learnedThreshold = learnThreshold(learner, trainT, trainV, ctx.detector.contamination);
  const entry: CachedModel = {
    kind: 'streaming',
    fingerprint: '',
    trainT,
    trainV,
    learnedThreshold,
    fittedAt: new Date().toISOString(),
    trainingPoints: train.length,
  };
  ctx.cache.set(unitCacheKey(ctx.modelKey, unit.id), entry);
  const idx = indicesIn(unit, ctx.range, true, false);
  const threshold = ctx.detector.threshold ?? learnedThreshold;
  const lastTrain = train[train.length - 1];
  const result =
    idx.length > 0 && idx[0] > lastTrain
      ? runStream(learner, unit, train[0], idx, threshold, 'streamed', entry, lastTrain + 1)
      : runStream(
          createStreaming(ctx.catalog, ctx.detector),
          unit,
          train[0],
          idx,
          threshold,
          'streamed',
          entry,
        );
  return { ok: true, result };
}

/** The score above which `contamination` of the training points lie, once the detector is warm. */
function learnThreshold(
  detector: StreamingDetector,
  t: Float64Array,
  v: Float64Array,
  contamination: number,
): number {
  const warmup = warmupPoints(t.length);
  const scores = new Float64Array(t.length - warmup);
  for (let i = 0; i < t.length; i++) {
    const score = detector.update(t[i], v[i]).score;
    if (i >= warmup) scores[i - warmup] = score;
  }
  return percentileSorted(scores.sort(), 100 * (1 - contamination));
}

/**
 * Feeds points from index `start` on (skipping gaps) and records the results at `idx`. A detector
 * that has already seen the points before `feedFrom` (and after `start`) resumes there.
 */
export function runStream(
  detector: StreamingDetector,
  unit: Unit,
  start: number,
  idx: Int32Array,
  threshold: number,
  status: ModelStatus,
  entry: Extract<CachedModel, { kind: 'streaming' }>,
  feedFrom = start,
): UnitResult {
  const t = unit.t;
  const v = unit.values[0];
  const n = idx.length;
  const score = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const flags = new Uint8Array(n);
  const explanations = new Map<number, PointExplanation>();
  const end = n === 0 ? start : idx[n - 1] + 1;
  // Counted over the training points the stream starts with: no alarm before the detector is warm.
  const warmEnd = start + warmupPoints(entry.trainingPoints);
  for (let i = feedFrom, k = 0; i < end; i++) {
    while (k < n && idx[k] < i) k++;
    if (Number.isNaN(v[i])) continue;
    const r = detector.update(t[i], v[i]);
    if (k >= n || idx[k] !== i) continue;
    score[k] = r.score;
    expected[k] = r.expected;
    lower[k] = r.lower;
    upper[k] = r.upper;
    if (r.score > threshold && i >= warmEnd) {
      flags[k] = 1;
      const text = `${unitLabel(unit)} = ${v[i]}: ${detector.explain()}`;
      explanations.set(k, { text, direction: r.deviation >= 0 ? 'up' : 'down', member: 0 });
    }
  }
  return {
    unit,
    idx,
    score,
    flags,
    threshold,
    expected,
    lower,
    upper,
    status,
    trainingPoints: entry.trainingPoints,
    historyMs: entry.trainT.length > 0 ? entry.trainT[entry.trainT.length - 1] - entry.trainT[0] : 0,
    fittedAt: entry.fittedAt,
    explain: (k) =>
      explanations.get(k) ?? {
        text: `${unitLabel(unit)}: score ${score[k]} > ${threshold}`,
        direction: 'up',
        member: 0,
      },
  };
}

/** Training points followed by the request's points after them; `idx` marks those to report. */
export function afterTraining(unit: Unit, trainT: Float64Array, trainV: Float64Array, scoreFrom: number) {
  const lastTrain = trainT.length > 0 ? trainT[trainT.length - 1] : -Infinity;
  const t: number[] = Array.from(trainT);
  const v: number[] = Array.from(trainV);
  const idx: number[] = [];
  for (let i = 0; i < unit.t.length; i++) {
    if (unit.t[i] <= lastTrain) continue;
    if (unit.t[i] >= scoreFrom) idx.push(t.length);
    t.push(unit.t[i]);
    v.push(unit.values[0][i]);
  }
  const replay: Unit = {
    id: unit.id,
    members: unit.members,
    t: Float64Array.from(t),
    values: [Float64Array.from(v)],
  };
  return { replay, idx: Int32Array.from(idx) };
}

/** The score-only route: a fresh detector warmed up on the cached training points, then the new ones. */
export function scoreCachedStreaming(
  catalog: StreamingCatalog,
  entry: Extract<CachedModel, { kind: 'streaming' }>,
  unit: Unit,
  scoreFrom: number,
  detector: DetectorConfig,
): UnitResult {
  const { replay, idx } = afterTraining(unit, entry.trainT, entry.trainV, scoreFrom);
  const threshold = detector.threshold ?? entry.learnedThreshold;
  return runStream(createStreaming(catalog, detector), replay, 0, idx, threshold, 'reused', entry);
}
