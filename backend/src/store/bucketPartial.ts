import { BUCKET_MS, type BucketAggregate } from '../contract/monitors';
import type { EventRecord } from './eventRecord';
import { LatencySketch } from './latencySketch';

/** The running sums of one bucket of one group; merging two is exact (sums and sketch counts). */
export class BucketPartial {
  requests = 0;
  errors = 0;
  cost = 0;
  tokensIn = 0;
  tokensOut = 0;
  modelMismatch = 0;
  latency = new LatencySketch();
  modelRequested = new Map<string, number>();
  modelActual = new Map<string, number>();

  add(event: EventRecord): void {
    this.requests += 1;
    if (event.error) this.errors += 1;
    this.cost += event.cost;
    this.tokensIn += event.tokensIn;
    this.tokensOut += event.tokensOut;
    if (event.latencyMs !== null) this.latency.add(event.latencyMs);
    if (event.modelRequested !== null) bump(this.modelRequested, event.modelRequested, 1);
    if (event.modelActual !== null) bump(this.modelActual, event.modelActual, 1);
    if (
      event.modelRequested !== null &&
      event.modelActual !== null &&
      event.modelRequested !== event.modelActual
    )
      this.modelMismatch += 1;
  }

  merge(other: BucketPartial): void {
    this.requests += other.requests;
    this.errors += other.errors;
    this.cost += other.cost;
    this.tokensIn += other.tokensIn;
    this.tokensOut += other.tokensOut;
    this.modelMismatch += other.modelMismatch;
    this.latency.merge(other.latency);
    for (const [name, n] of other.modelRequested) bump(this.modelRequested, name, n);
    for (const [name, n] of other.modelActual) bump(this.modelActual, name, n);
  }

  toAggregate(org: string, feature: string | null, start: number): BucketAggregate {
    return {
      org,
      feature,
      start,
      requests: this.requests,
      errors: this.errors,
      cost: this.cost,
      latencyP50: this.latency.quantile(0.5),
      latencyP95: this.latency.quantile(0.95),
      latencyP99: this.latency.quantile(0.99),
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      modelRequested: Object.fromEntries(this.modelRequested),
      modelActual: Object.fromEntries(this.modelActual),
      modelMismatch: this.modelMismatch,
    };
  }
}

function bump(counts: Map<string, number>, name: string, n: number): void {
  counts.set(name, (counts.get(name) ?? 0) + n);
}

export const bucketStart = (ts: number): number => Math.floor(ts / BUCKET_MS) * BUCKET_MS;

/** One group's bucket touched by a batch. */
export interface BatchBucket {
  org: string;
  feature: string | null;
  start: number;
  partial: BucketPartial;
}

/**
 * Aggregates a batch in memory before any store is touched: each event counts in its org total
 * (feature null) and, when it has one, in its (org, feature) group.
 */
export function aggregateBatch(events: Iterable<EventRecord>): BatchBucket[] {
  const buckets = new Map<string, BatchBucket>();
  const into = (org: string, feature: string | null, start: number, event: EventRecord): void => {
    const key = `${start}\u0000${org}\u0000${feature ?? ''}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { org, feature, start, partial: new BucketPartial() }));
    bucket.partial.add(event);
  };
  for (const event of events) {
    const start = bucketStart(event.ts);
    into(event.org, null, start, event);
    if (event.feature !== null) into(event.org, event.feature, start, event);
  }
  return [...buckets.values()];
}
