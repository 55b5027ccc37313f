import { BUCKET_MS, type BucketAggregate } from '../contract/monitors';
import { bucketColumnsOf, type BucketColumns } from './bucketColumns';

/**
 * One group's buckets (an org total or one (org, feature)) as dense columns indexed by bucket:
 * index i is the bucket starting at `start + i·BUCKET_MS`. A bucket the store never wrote is "no
 * data" (`present[i] = 0`, values NaN), never zero. Built once per group and shared by all of its
 * monitors; checks only read it. Float32 columns: 7 significant digits are plenty for detection and
 * halve the memory of 28 days of buckets.
 */
export interface GroupSeries {
  readonly org: string;
  readonly feature: string | null;
  /** Epoch ms of index 0 (a multiple of BUCKET_MS). */
  readonly start: number;
  readonly length: number;
  readonly present: Uint8Array;
  readonly requests: Float32Array;
  readonly errors: Float32Array;
  readonly cost: Float32Array;
  /** p95 latency in ms, NaN when the bucket had no latency. */
  readonly p95: Float32Array;
  readonly mismatch: Float32Array;
  /** model_actual names and, per name, its request count per bucket. */
  readonly models: readonly string[];
  readonly modelCounts: readonly Float32Array[];
  /** Epoch ms of the first bucket with requests (NaN when none). */
  readonly firstData: number;
  /** PromQL series only: the expression's value per bucket (`requests` is 1 per sample). */
  readonly metric?: Float32Array;
}

/** Index of the bucket that holds time t (may be outside 0..length-1). */
export function indexOf(series: GroupSeries, t: number): number {
  return Math.floor((t - series.start) / BUCKET_MS);
}

/**
 * Dense columns for `buckets` (any order) of one group over [from, to): buckets outside are
 * dropped. `from` defaults to the earliest bucket, `to` to one bucket past the latest.
 */
export function buildGroupSeries(
  org: string,
  feature: string | null,
  buckets: readonly BucketAggregate[],
  range: { from?: number; to?: number } = {},
): GroupSeries {
  return seriesOfColumns(org, feature, bucketColumnsOf(buckets), range);
}

/** `buildGroupSeries` from bucket columns as a store reads them (the check's path). */
export function seriesOfColumns(
  org: string,
  feature: string | null,
  buckets: BucketColumns,
  range: { from?: number; to?: number } = {},
): GroupSeries {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < buckets.length; k++) {
    const t = buckets.start[k];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const start = Math.floor((range.from ?? (Number.isFinite(lo) ? lo : 0)) / BUCKET_MS) * BUCKET_MS;
  const end = range.to ?? (Number.isFinite(hi) ? hi + BUCKET_MS : start);
  const length = Math.max(0, Math.ceil((end - start) / BUCKET_MS));
  const nan = (): Float32Array => new Float32Array(length).fill(NaN);
  const series: Writable<GroupSeries> = {
    org,
    feature,
    start,
    length,
    present: new Uint8Array(length),
    requests: nan(),
    errors: nan(),
    cost: nan(),
    p95: nan(),
    mismatch: nan(),
    models: [],
    modelCounts: [],
    firstData: NaN,
  };
  writeInto(series, buckets, true);
  return series;
}

/**
 * One label set of a PromQL monitor as a series: `metric` holds the values and each sample counts
 * as one "request", so activation reads as 48 h and 100 samples.
 */
export function buildMetricSeries(
  org: string | null,
  points: readonly (readonly [number, number])[],
  range: { from: number; to: number },
): GroupSeries {
  const base = buildGroupSeries(org ?? '', null, [], range);
  const metric = new Float32Array(base.length).fill(NaN);
  const s: Writable<GroupSeries> = { ...base, metric };
  writeMetricPoints(s, points);
  return s;
}

/** Writes PromQL samples in place; false when one lies outside the columns (rebuild then). */
export function writeMetricPoints(
  series: GroupSeries,
  points: readonly (readonly [number, number])[],
): boolean {
  const s = series as Writable<GroupSeries>;
  const metric = s.metric;
  if (!metric) return false;
  for (const [t] of points) {
    const i = indexOf(s, t);
    if (i < 0 || i >= s.length) return false;
  }
  for (const [t, v] of points) {
    const i = indexOf(s, t);
    if (!Number.isFinite(v)) continue;
    s.present[i] = 1;
    s.requests[i] = 1;
    metric[i] = v;
    if (!(t >= s.firstData)) s.firstData = t;
  }
  return true;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Writes (replaces) `buckets` of the series' group in place — what a check needs after new events
 * landed, without rebuilding 28 days of columns. False (nothing written) when a bucket lies outside
 * the columns or names a model the series has no column for: then rebuild with `seriesOfColumns`.
 */
export function writeBuckets(series: GroupSeries, buckets: BucketColumns): boolean {
  const known = new Set(series.models);
  for (let k = 0; k < buckets.length; k++) {
    const i = indexOf(series, buckets.start[k]);
    if (i < 0 || i >= series.length) return false;
    for (const name in buckets.modelActual[k]) if (!known.has(name)) return false;
  }
  writeInto(series as Writable<GroupSeries>, buckets, false);
  return true;
}

function writeInto(s: Writable<GroupSeries>, b: BucketColumns, skipOutside: boolean): void {
  const modelIndex = new Map(s.models.map((name, m) => [name, m]));
  const models = s.models as string[];
  const modelCounts = s.modelCounts as Float32Array[];
  for (let k = 0; k < b.length; k++) {
    const t = b.start[k];
    const i = Math.floor((t - s.start) / BUCKET_MS);
    if (skipOutside && (i < 0 || i >= s.length)) continue;
    s.present[i] = 1;
    s.requests[i] = b.requests[k];
    s.errors[i] = b.errors[k];
    s.cost[i] = b.cost[k];
    s.p95[i] = b.p95[k];
    s.mismatch[i] = b.mismatch[k];
    if (b.requests[k] > 0 && !(t >= s.firstData)) s.firstData = t;
    for (const col of modelCounts) col[i] = 0;
    const counts = b.modelActual[k];
    for (const name in counts) {
      let m = modelIndex.get(name);
      if (m === undefined) {
        m = models.length;
        modelIndex.set(name, m);
        models.push(name);
        modelCounts.push(new Float32Array(s.length));
      }
      modelCounts[m][i] = counts[name];
    }
  }
}

/** Bytes held by the typed arrays of a series (what 28 days of buckets cost in memory). */
export function seriesBytes(series: GroupSeries): number {
  let bytes = series.present.byteLength;
  for (const col of [
    series.requests,
    series.errors,
    series.cost,
    series.p95,
    series.mismatch,
    ...series.modelCounts,
  ])
    bytes += col.byteLength;
  return bytes;
}
