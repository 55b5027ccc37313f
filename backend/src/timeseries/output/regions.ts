export interface RegionSpan {
  /** Indices into the scored points: first and last anomalous point, and the highest-scoring one. */
  readonly first: number;
  readonly last: number;
  readonly peak: number;
}

/**
 * Merges anomalous points into regions: two flagged points separated by at most `maxGap` unflagged
 * points belong to one region (a spike that dips below the threshold for a point is one event).
 */
export function mergeRegions(flags: Uint8Array, score: Float64Array, maxGap: number): RegionSpan[] {
  const spans: RegionSpan[] = [];
  let first = -1;
  let last = -1;
  let peak = -1;
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) continue;
    if (first >= 0 && i - last - 1 > maxGap) {
      spans.push({ first, last, peak });
      first = -1;
    }
    if (first < 0) {
      first = i;
      peak = i;
    }
    last = i;
    if (score[i] > score[peak]) peak = i;
  }
  if (first >= 0) spans.push({ first, last, peak });
  return spans;
}
