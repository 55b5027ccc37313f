import { BUCKET_MS } from '../contract/monitors';
import type { EngineConfig } from './config';
import type { GroupSeries } from './groupSeries';
import { BUCKETS_PER_DAY } from './slots';

export interface Activation {
  active: boolean;
  /** building_baseline: when the monitor becomes active (epoch ms) and in how many hours; null when no data yet. */
  eta: number | null;
  etaHours: number | null;
  reason: string;
}

const HOUR = 3_600_000;

/**
 * Cold start: active once the group has ≥ 48 h of history, ≥ 100 non-empty buckets and ≥ 100
 * requests in the baseline window (up to bucket index t inclusive). Otherwise the ETA is the
 * latest of: first data + 48 h; now + (100 − n) / fill rate (non-empty buckets per hour so far);
 * now + (100 − requests) / request rate — each shifted by the lateness, since a bucket is evaluated
 * only after it. After "accept as new normal" (`lo` past the history start) only the
 * `minBaselineSamples` buckets since the change point are required.
 */
export function activation(
  series: GroupSeries,
  t: number,
  lo: number,
  rebaselining: boolean,
  included: (i: number) => boolean,
  now: number,
  config: EngineConfig,
): Activation {
  const evalEnd = series.start + (t + 1) * BUCKET_MS;
  if (!Number.isFinite(series.firstData) || series.firstData >= evalEnd)
    return { active: false, eta: null, etaHours: null, reason: 'no data yet' };
  const from = Math.max(lo, t + 1 - config.windowDays * BUCKETS_PER_DAY);
  let n = 0;
  let requests = 0;
  for (let i = Math.max(0, from); i <= t; i++) {
    if (series.present[i] && series.requests[i] > 0 && included(i)) {
      n++;
      requests += series.requests[i];
    }
  }
  const since = rebaselining ? series.start + lo * BUCKET_MS : series.firstData;
  const ageHours = (evalEnd - since) / HOUR;
  const needBuckets = rebaselining ? config.minBaselineSamples : config.minBuckets;
  const needRequests = rebaselining ? 0 : config.minRequests;
  const needHours = rebaselining ? 0 : config.minHistoryHours;
  if (ageHours >= needHours && n >= needBuckets && requests >= needRequests)
    return { active: true, eta: null, etaHours: null, reason: '' };
  const hoursLeft = Math.max(
    needHours - ageHours,
    n >= needBuckets ? 0 : n > 0 ? (needBuckets - n) / (n / Math.max(ageHours, 1 / 12)) : Infinity,
    requests >= needRequests
      ? 0
      : requests > 0
        ? (needRequests - requests) / (requests / Math.max(ageHours, 1 / 12))
        : Infinity,
  );
  const reason = `building baseline: ${ageHours.toFixed(1)} h of ${needHours} h, ${n} of ${needBuckets} buckets, ${requests} of ${needRequests} requests`;
  if (!Number.isFinite(hoursLeft)) return { active: false, eta: null, etaHours: null, reason };
  const eta = evalEnd + Math.ceil((hoursLeft * HOUR) / BUCKET_MS) * BUCKET_MS + config.latenessMs;
  return { active: false, eta, etaHours: Math.max(0, (eta - now) / HOUR), reason };
}
