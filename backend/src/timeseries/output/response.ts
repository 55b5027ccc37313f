import type { Detection, DetectionMeta } from '../../contract/timeseries';
import { mergeRegions } from './regions';
import type { Notice } from './notices';
import { resultNotices } from './notices';
import type { TimeWindow } from '../schemas';
import { levelBefore, type ModelStatus, type UnitResult } from '../units/unitResult';

export interface SeriesOutput {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamps: number[];
  readonly values: (number | null)[];
  readonly score: (number | null)[];
  readonly is_anomaly: boolean[];
  readonly threshold: number;
  /** Present when the method forecasts: the expected value and its band. */
  readonly expected: (number | null)[] | null;
  readonly lower: (number | null)[] | null;
  readonly upper: (number | null)[] | null;
  readonly model_status: ModelStatus;
  readonly training_points: number;
}

export interface RegionOutput {
  readonly series: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
  readonly peak_time: number;
  readonly peak_value: number | null;
  readonly direction: 'up' | 'down';
  readonly score: number;
  readonly points: number;
  readonly explanation: string;
}

/** Flagged points at most this many points apart form one region. */
const REGION_GAP_POINTS = 2;

/** Finite entries as they are, the rest null; a plain loop (these arrays run to millions). */
function nullable(a: Float64Array): (number | null)[] {
  const out: (number | null)[] = [];
  for (let k = 0; k < a.length; k++) out.push(Number.isFinite(a[k]) ? a[k] : null);
  return out;
}

/** Entries of `from` at `idx`, NaN as null. */
function pick(from: Float64Array, idx: Int32Array): (number | null)[] {
  const out: (number | null)[] = [];
  for (let k = 0; k < idx.length; k++) {
    const x = from[idx[k]];
    out.push(Number.isNaN(x) ? null : x);
  }
  return out;
}

function anyFinite(a: Float64Array | null): a is Float64Array {
  return a !== null && a.some((x) => Number.isFinite(x));
}

/** One output per member series; in multivariate mode members share the joint score. */
export function seriesOutputs(result: UnitResult): SeriesOutput[] {
  const { unit, idx } = result;
  const timestamps: number[] = [];
  for (let k = 0; k < idx.length; k++) timestamps.push(unit.t[idx[k]]);
  const score = nullable(result.score);
  const isAnomaly: boolean[] = [];
  for (let k = 0; k < result.flags.length; k++) isAnomaly.push(result.flags[k] === 1);
  const hasBand = anyFinite(result.expected) || anyFinite(result.lower);
  return unit.members.map((member, m) => ({
    name: member.name,
    labels: member.labels,
    timestamps,
    values: pick(unit.values[m], idx),
    score,
    is_anomaly: isAnomaly,
    threshold: result.threshold,
    expected: hasBand && result.expected ? nullable(result.expected) : null,
    lower: hasBand && result.lower ? nullable(result.lower) : null,
    upper: hasBand && result.upper ? nullable(result.upper) : null,
    model_status: result.status,
    training_points: result.trainingPoints,
  }));
}

/**
 * The region's point farthest from the level before it. With lag and difference features the
 * point after a spike often scores highest; the spike itself is what a person wants marked.
 */
function farthestFromLevel(
  values: Float64Array,
  idx: Int32Array,
  first: number,
  last: number,
): number | undefined {
  const level = levelBefore(values, idx[first], 5);
  if (Number.isNaN(level)) return undefined;
  let best: number | undefined;
  for (let k = first; k <= last; k++) {
    const d = Math.abs(values[idx[k]] - level);
    if (!Number.isNaN(d) && (best === undefined || d > Math.abs(values[idx[best]] - level))) best = k;
  }
  return best;
}

export function regionOutputs(result: UnitResult): RegionOutput[] {
  const { unit, idx } = result;
  return mergeRegions(result.flags, result.score, REGION_GAP_POINTS).map((span) => {
    const { member: m } = result.explain(span.peak, span.first);
    const peak = farthestFromLevel(unit.values[m], idx, span.first, span.last) ?? span.peak;
    const why = result.explain(peak, span.first);
    const member = unit.members[why.member];
    const peakValue = unit.values[why.member][idx[peak]];
    let points = 0;
    for (let k = span.first; k <= span.last; k++) points += result.flags[k];
    return {
      series: member.name,
      labels: member.labels,
      start: unit.t[idx[span.first]],
      end: unit.t[idx[span.last]],
      peak_time: unit.t[idx[peak]],
      peak_value: Number.isNaN(peakValue) ? null : peakValue,
      direction: why.direction,
      score: result.score[span.peak],
      points,
      explanation: why.text,
    };
  });
}

export interface ResponseMeta {
  model_key: string;
  method: string;
  kind: DetectionMeta['kind'];
  mode: DetectionMeta['mode'];
  training: TimeWindow;
  range: TimeWindow;
  executed_query: string | undefined;
  context_ms: number;
  /** Feature columns per model, for the "too little training data" notice. */
  featureCount: number;
  /** performance.now() when the request started. */
  started: number;
}

/** The body of a detect or score response: per-series outputs, merged regions, and meta. */
export function detectionResponse(results: UnitResult[], notices: Notice[], meta: ResponseMeta): Detection {
  const { started, featureCount, ...rest } = meta;
  const statuses = new Set(results.map((r) => r.status));
  return {
    object: 'timeseries_detection',
    series: results.flatMap(seriesOutputs),
    regions: results.flatMap(regionOutputs).sort((a, b) => a.start - b.start),
    meta: {
      ...rest,
      model_status: statuses.size === 1 ? results[0].status : 'mixed',
      fitted: results.filter((r) => r.status === 'fitted').length,
      reused: results.filter((r) => r.status === 'reused').length,
      notices: [...notices, ...results.flatMap((r) => resultNotices(r, featureCount))],
      took_ms: performance.now() - started,
    },
  };
}
