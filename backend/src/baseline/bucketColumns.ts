import type { BucketAggregate } from '../contract/monitors';

/**
 * One group's non-empty buckets, oldest first, as parallel columns: only what the dense series
 * need (`GroupSeries`), without a per-bucket object. What a store reads for a check; index k is
 * the k-th bucket, not a time slot (`start[k]` says which).
 */
export interface BucketColumns {
  readonly length: number;
  /** Epoch ms of each bucket, ascending. */
  readonly start: Float64Array;
  readonly requests: Float64Array;
  readonly errors: Float64Array;
  readonly cost: Float64Array;
  /** p95 latency in ms, NaN when the bucket had no latency. */
  readonly p95: Float64Array;
  readonly mismatch: Float64Array;
  /** Requests per model_actual name (buckets with equal counts may share one object). */
  readonly modelActual: readonly Readonly<Record<string, number>>[];
}

/** Empty columns with room for `length` buckets (the store fills them in order). */
export function allocateBucketColumns(length: number): BucketColumns & {
  modelActual: Readonly<Record<string, number>>[];
} {
  return {
    length,
    start: new Float64Array(length),
    requests: new Float64Array(length),
    errors: new Float64Array(length),
    cost: new Float64Array(length),
    p95: new Float64Array(length),
    mismatch: new Float64Array(length),
    modelActual: new Array<Readonly<Record<string, number>>>(length),
  };
}

/** The columns of bucket aggregates (in the order given). */
export function bucketColumnsOf(buckets: readonly BucketAggregate[]): BucketColumns {
  const out = allocateBucketColumns(buckets.length);
  buckets.forEach((b, k) => {
    out.start[k] = b.start;
    out.requests[k] = b.requests;
    out.errors[k] = b.errors;
    out.cost[k] = b.cost;
    out.p95[k] = b.latencyP95 ?? NaN;
    out.mismatch[k] = b.modelMismatch;
    out.modelActual[k] = b.modelActual;
  });
  return out;
}
