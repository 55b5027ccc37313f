import type { NabProfile } from './profiles';
import { probationaryPeriod, rowValues } from './rowValues';
import type { RowWindow } from './windows';

/** One file's detector output, aligned with its rows. */
export interface ScoredFile {
  readonly scores: ArrayLike<number>;
  readonly windows: readonly RowWindow[];
}

export interface NabResult {
  readonly profile: string;
  /** The corpus-wide threshold that maximises the raw score (row flagged iff score ≥ threshold). */
  readonly threshold: number;
  readonly raw: number;
  readonly perfect: number;
  readonly nullScore: number;
  /** 100·(raw − null)/(perfect − null). */
  readonly normalized: number;
}

/**
 * The change in a raw score when one more row is flagged: outside windows its value counts; inside
 * window `window`, only the best flagged row counts (replacing the −A_FN of a missed window).
 * `best` holds each window's best flagged value so far (−Infinity: none yet) and is updated.
 */
export function flagRow(best: Float64Array, window: number, value: number, profile: NabProfile): number {
  if (window < 0) return value;
  if (value <= best[window]) return 0;
  const gain = value - (best[window] === -Infinity ? -profile.fn : best[window]);
  best[window] = value;
  return gain;
}

/** NAB's result for a raw score over `windowCount` windows. */
export function nabResult(
  profile: NabProfile,
  windowCount: number,
  raw: number,
  threshold: number,
): NabResult {
  const nullScore = -profile.fn * windowCount;
  const perfect = profile.tp * windowCount;
  return {
    profile: profile.name,
    threshold,
    raw,
    perfect,
    nullScore,
    normalized: windowCount === 0 ? 0 : (100 * (raw - nullScore)) / (perfect - nullScore),
  };
}

interface Candidate {
  readonly score: number;
  readonly value: number;
  readonly window: number; // global window id, −1 outside windows
}

/**
 * Scores a corpus under one profile, optimising one threshold over every distinct score (and 1.1,
 * which flags nothing). Rows are visited in descending score order, so each candidate threshold
 * costs O(rows at that score): O(n log n) overall.
 */
export function scoreCorpus(files: readonly ScoredFile[], profile: NabProfile): NabResult {
  const candidates: Candidate[] = [];
  let windowCount = 0;
  for (const f of files) {
    const n = f.scores.length;
    const { value, window } = rowValues(n, f.windows, profile);
    for (let i = probationaryPeriod(n); i < n; i++) {
      candidates.push({
        score: f.scores[i],
        value: value[i],
        window: window[i] < 0 ? -1 : windowCount + window[i],
      });
    }
    windowCount += f.windows.length;
  }
  candidates.sort((a, b) => b.score - a.score);

  const nullScore = -profile.fn * windowCount;
  const best = new Float64Array(windowCount).fill(-Infinity);
  let total = nullScore;
  let bestTotal = nullScore;
  let bestThreshold = 1.1;
  for (let i = 0; i < candidates.length;) {
    const score = candidates[i].score;
    for (; i < candidates.length && candidates[i].score === score; i++) {
      const c = candidates[i];
      total += flagRow(best, c.window, c.value, profile);
    }
    if (total > bestTotal) {
      bestTotal = total;
      bestThreshold = score;
    }
  }
  return nabResult(profile, windowCount, bestTotal, bestThreshold);
}

/** The raw corpus score at a fixed threshold (for checking a published threshold). */
export function scoreAtThreshold(
  files: readonly ScoredFile[],
  profile: NabProfile,
  threshold: number,
): number {
  let total = 0;
  for (const f of files) {
    const n = f.scores.length;
    const { value, window } = rowValues(n, f.windows, profile);
    const best = new Float64Array(f.windows.length).fill(-Infinity);
    for (let i = probationaryPeriod(n); i < n; i++) {
      if (!(f.scores[i] >= threshold)) continue;
      if (window[i] < 0) total += value[i];
      else if (value[i] > best[window[i]]) best[window[i]] = value[i];
    }
    for (const b of best) total += b === -Infinity ? -profile.fn : b;
  }
  return total;
}

/** Normalises a raw corpus score: 100·(raw − null)/(perfect − null). */
export function normalizeScore(raw: number, windowCount: number, profile: NabProfile): number {
  const nullScore = -profile.fn * windowCount;
  return (100 * (raw - nullScore)) / (profile.tp * windowCount - nullScore);
}
