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
  const fast = factory.info.speed === 'very_fast' || factory.info.speed === 'fast';
  return cells <= (fast ? FAST_INLINE_MAX_CELLS : ANY_INLINE_MAX_CELLS);
}

/**
 * Scoring on the event loop only when it is sure to be quick: a fast detector (trees, tail
 * probabilities, histograms: linear in rows) on at most as many cells as an inline fit. Neighbour,
 * kernel and neural detectors scale with the training set too, so they always go to a worker.
 */
export function scoresInline(factory: DetectorFactory, rows: number, cols: number): boolean {
  const fast = factory.info.speed === 'very_fast' || factory.info.speed === 'fast';
  return fast && rows * cols <= FAST_INLINE_MAX_CELLS;
}
