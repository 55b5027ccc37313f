import type { Anomaly, MonitorSnapshot, Monitor } from '../contract/monitors';
import type { AnomalyEvent, CheckResult } from '../baseline/checkTypes';
import type { Evaluation } from '../baseline/evaluation';
import type { SnapshotValues } from './storedState';
import type { AnomalyPatch, HistoryEntry, StoreBatch } from '../store/monitorStore';

/**
 * Collects what the checks of one group produced — engine results, possibly several buckets per
 * monitor when catching up — into one store batch: each anomaly created once (with its latest
 * fields) or updated with every history entry the store does not have yet, dismissal extensions,
 * and the open / resolve events to notify.
 */
export class CheckOutcome {
  readonly events: AnomalyEvent[] = [];
  private readonly latest = new Map<string, Anomaly>();
  /** History entries the store already holds, per anomaly (absent: created by this outcome). */
  private readonly stored = new Map<string, number>();
  private readonly extend = new Map<string, number>();
  evaluated = 0;

  /** Before a monitor's first check of this run: the anomaly it had in progress (as stored). */
  begin(open: Anomaly | null): void {
    if (open && !this.stored.has(open.id)) this.stored.set(open.id, open.history.length);
  }

  add(result: CheckResult, fixup: (a: Anomaly) => Anomaly): void {
    if (result.evaluation) this.evaluated++;
    for (const ev of result.events) {
      const anomaly = fixup(ev.anomaly);
      this.events.push({ kind: ev.kind, anomaly });
      this.latest.set(anomaly.id, anomaly);
    }
    if (result.anomaly) this.latest.set(result.anomaly.id, fixup(result.anomaly));
  }

  /** A dismissed anomaly still deviating: its bucket joins the dismissal's excluded range. */
  excludeBucket(anomalyId: string, bucketEnd: number): void {
    this.extend.set(anomalyId, Math.max(this.extend.get(anomalyId) ?? 0, bucketEnd));
  }

  get isEmpty(): boolean {
    return this.latest.size === 0 && this.extend.size === 0;
  }

  batch(states: StoreBatch['states']): StoreBatch {
    const created: Anomaly[] = [];
    const updated: NonNullable<StoreBatch['updated']> = [];
    for (const [id, a] of this.latest) {
      const known = this.stored.get(id);
      if (known === undefined) {
        created.push(a);
        continue;
      }
      const entries: HistoryEntry[] = a.history.slice(known);
      entries.forEach((entry) => updated.push({ id, patch: {}, entry }));
      updated.push({ id, patch: mutable(a) });
    }
    return {
      states,
      created,
      updated,
      extendExclusions: [...this.extend].map(([anomalyId, to]) => ({ anomalyId, to })),
    };
  }
}

const mutable = (a: Anomaly): AnomalyPatch => ({
  status: a.status,
  last_seen: a.last_seen,
  resolved_at: a.resolved_at,
  duration_seconds: a.duration_seconds,
});

/** The values of an evaluation as a snapshot carries them. */
export function snapshotValues(e: Evaluation): SnapshotValues {
  return {
    bucket: new Date(e.bucket).toISOString(),
    observed: e.observed,
    expected: e.expected,
    lower: e.lower,
    upper: e.upper,
    deviation_sigma: e.z,
  };
}

/** The per-series snapshot `/metrics` and the plugin read. */
export function snapshotOf(
  monitor: Monitor,
  values: SnapshotValues | null,
  anomaly: Anomaly | null,
): MonitorSnapshot {
  return {
    monitor,
    bucket: values?.bucket ?? null,
    observed: values?.observed ?? null,
    expected: values?.expected ?? null,
    lower: values?.lower ?? null,
    upper: values?.upper ?? null,
    deviation_sigma: values?.deviation_sigma ?? null,
    anomaly,
  };
}
