import type { DetectorFactory } from '../detectors/detector';

/**
 * A fresh worker thread starts with cold JIT and loads every detector (TensorFlow.js included):
 * ~0.6 s before a 10k-row Isolation Forest fit even begins, ten times the fit itself. Fast
 * detectors on dashboard-sized data therefore fit on the request's thread, as do tiny fits of any
 * detector; everything else goes to a worker so it never stalls other requests. A background job
 * (`"async": true`) always goes to a worker: its client polls progress while it trains.
 */
const FAST_INLINE_MAX_CELLS = 200_000;
const ANY_INLINE_MAX_CELLS = 20_000;

/** The one inline-vs-worker decision for every fit (anomaly API and time-series API alike). */
export function fitsInline(
  factory: DetectorFactory,
  rows: number,
  cols: number,
  background = false,
): boolean {
  const cells = rows * cols;
  if (background && cells > ANY_INLINE_MAX_CELLS) return false;
  const fast = factory.info.speed === 'very fast' || factory.info.speed === 'fast';
  return cells <= (fast ? FAST_INLINE_MAX_CELLS : ANY_INLINE_MAX_CELLS);
}
