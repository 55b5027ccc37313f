import { BUCKET_MS } from '../contract/monitors';
import type { EngineConfig } from './config';
import type { GroupSeries } from './groupSeries';

export const BUCKETS_PER_DAY = 86_400_000 / BUCKET_MS;
export const BUCKETS_PER_WEEK = 7 * BUCKETS_PER_DAY;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Saturday and Sunday (UTC) are the weekend. */
export function isWeekend(t: number): boolean {
  const d = new Date(t).getUTCDay();
  return d === 0 || d === 6;
}

function hhmm(t: number): string {
  const d = new Date(t);
  return `${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

/** The samples a baseline is computed from: `count` bucket indices in `indices`, and their slot. */
export interface SlotSamples {
  readonly indices: Int32Array;
  count: number;
  label: string;
}

export function slotSamples(capacity: number): SlotSamples {
  return { indices: new Int32Array(capacity), count: 0, label: '' };
}

/** Largest number of indices `collectSlot` can write. */
export function slotCapacity(config: EngineConfig): number {
  return config.windowDays * BUCKETS_PER_DAY;
}

/**
 * Fills `out` with the usable bucket indices the baseline of bucket `t` is made of, trying the
 * seasonal slots from the most specific down and taking the first with enough samples:
 * hour of week (same ±30 min in each of the last 4 weeks, once 3 weeks of history exist), hour of
 * day on the same kind of day (weekday / weekend, last 14 days), and finally the plain rolling
 * 7-day window (whose spread includes the daily cycle: a wide band, so a kind of day never seen
 * before — the first weekend — is judged leniently rather than against weekday hours). `lo` is the first index the baseline may use (history
 * start or the accepted change point). `classic` goes straight to the rolling window.
 */
export function collectSlot(
  series: GroupSeries,
  t: number,
  lo: number,
  usable: (i: number) => boolean,
  config: EngineConfig,
  classic: boolean,
  out: SlotSamples,
): void {
  const w = config.slotHalfWidth;
  const min = config.minSlotSamples;
  const tStart = series.start + t * BUCKET_MS;
  const span = (centre: number): void => {
    const a = Math.max(lo, centre - w);
    const b = Math.min(t - 1, centre + w);
    for (let i = a; i <= b; i++) if (usable(i)) out.indices[out.count++] = i;
  };
  if (!classic) {
    const historyBuckets = t - lo;
    if (historyBuckets >= 3 * BUCKETS_PER_WEEK) {
      out.count = 0;
      const weeks = Math.floor(config.historyDays / 7);
      for (let k = 1; k <= weeks; k++) span(t - k * BUCKETS_PER_WEEK);
      out.label = `${DAYS[new Date(tStart).getUTCDay()]} ${hhmm(tStart)} (hour of week)`;
      if (out.count >= min) return;
    }
    out.count = 0;
    const weekend = isWeekend(tStart);
    for (let d = 1; d <= 2 * config.windowDays; d++) {
      const c = t - d * BUCKETS_PER_DAY;
      if (isWeekend(tStart - d * 86_400_000) === weekend) span(c);
    }
    out.label = `${weekend ? 'weekend' : 'weekday'} ${hhmm(tStart)}`;
    if (out.count >= min) return;
  }
  // The rolling window, every `stride`-th bucket: at most ~288 samples (a median/MAD of 288 evenly
  // spread buckets is as good as of 2,016 and keeps a fallback check cheap).
  out.count = 0;
  const from = Math.max(lo, t - config.windowDays * BUCKETS_PER_DAY);
  const stride = Math.max(1, Math.floor((t - from) / BUCKETS_PER_DAY));
  for (let i = t - 1; i >= from; i -= stride) if (usable(i)) out.indices[out.count++] = i;
  out.label = 'rolling 7d';
}
