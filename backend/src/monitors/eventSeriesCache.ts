import { BUCKET_MS } from '../contract/monitors';
import { seriesOfColumns, writeBuckets, type GroupSeries } from '../baseline/groupSeries';
import type { EventRecord } from '../store/eventRecord';
import type { MonitorStore } from '../store/monitorStore';

const DAY = 86_400_000;

interface Entry {
  series: GroupSeries;
  /** Earliest bucket written since the columns were last read from the store. */
  staleFrom: number;
}

const groupKey = (org: string, feature: string | null): string => JSON.stringify([org, feature]);

/**
 * Each event group's dense columns, kept in memory between checks: ingest marks the buckets it
 * touched, and a check re-reads only those from the store (28 days of buckets per group are read
 * once, then again only when the columns' window slides by a day or a new model name appears).
 */
export class EventSeriesCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: MonitorStore,
    private readonly historyMs: number,
  ) {}

  /** Ingest committed these events: their buckets must be re-read before the next check. */
  touched(events: readonly EventRecord[]): void {
    for (const e of events) {
      const start = Math.floor(e.ts / BUCKET_MS) * BUCKET_MS;
      this.mark(groupKey(e.org, null), start);
      if (e.feature !== null) this.mark(groupKey(e.org, e.feature), start);
    }
  }

  /** The group's columns covering at least [at − history, at]. */
  async series(org: string, feature: string | null, at: number): Promise<GroupSeries> {
    const key = groupKey(org, feature);
    const entry = this.entries.get(key);
    const from = Math.floor((at - this.historyMs) / BUCKET_MS) * BUCKET_MS;
    const end = Math.floor(at / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    if (entry && entry.series.start <= from && entry.series.start + entry.series.length * BUCKET_MS >= end) {
      if (entry.staleFrom < Infinity) {
        const fresh = await this.store.bucketColumns(org, feature, entry.staleFrom, Number.MAX_SAFE_INTEGER);
        entry.staleFrom = Infinity;
        if (writeBuckets(entry.series, fresh)) return entry.series;
      } else return entry.series;
    }
    // Room for a day of new buckets before the window has to be read again.
    const to = end + DAY;
    const buckets = await this.store.bucketColumns(org, feature, from, to);
    const series = seriesOfColumns(org, feature, buckets, { from, to });
    this.entries.set(key, { series, staleFrom: Infinity });
    return series;
  }

  forget(org: string, feature: string | null): void {
    this.entries.delete(groupKey(org, feature));
  }

  private mark(key: string, start: number): void {
    const entry = this.entries.get(key);
    if (entry && start < entry.staleFrom) entry.staleFrom = start;
  }
}
