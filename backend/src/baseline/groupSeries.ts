import { BUCKET_MS, type BucketAggregate } from '../contract/monitors';

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
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of buckets) {
    if (b.start < lo) lo = b.start;
    if (b.start > hi) hi = b.start;
  }
  const start = Math.floor((range.from ?? (Number.isFinite(lo) ? lo : 0)) / BUCKET_MS) * BUCKET_MS;
  const end = range.to ?? (Number.isFinite(hi) ? hi + BUCKET_MS : start);
  const length = Math.max(0, Math.ceil((end - start) / BUCKET_MS));
  const nan = (): Float32Array => new Float32Array(length).fill(NaN);
  const present = new Uint8Array(length);
  const requests = nan();
  const errors = nan();
  const cost = nan();
  const p95 = nan();
  const mismatch = nan();
  const models: string[] = [];
  const modelCounts: Float32Array[] = [];
  const modelIndex = new Map<string, number>();
  let firstData = NaN;
  for (const b of buckets) {
    const i = Math.floor((b.start - start) / BUCKET_MS);
    if (i < 0 || i >= length) continue;
    present[i] = 1;
    requests[i] = b.requests;
    errors[i] = b.errors;
    cost[i] = b.cost;
    p95[i] = b.latencyP95 ?? NaN;
    mismatch[i] = b.modelMismatch;
    if (b.requests > 0 && !(b.start >= firstData)) firstData = b.start;
    for (const [name, count] of Object.entries(b.modelActual)) {
      let m = modelIndex.get(name);
      if (m === undefined) {
        m = models.length;
        modelIndex.set(name, m);
        models.push(name);
        modelCounts.push(new Float32Array(length));
      }
      modelCounts[m][i] = count;
    }
  }
  return {
    org,
    feature,
    start,
    length,
    present,
    requests,
    errors,
    cost,
    p95,
    mismatch,
    models,
    modelCounts,
    firstData,
  };
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
