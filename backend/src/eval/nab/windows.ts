/** An anomaly window as inclusive row indices [start, end]. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Maps labelled [startMs, endMs] windows to inclusive row ranges of an ascending timestamp array.
 * NAB labels name exact row timestamps; taking the rows inside the closed interval gives the same
 * rows and stays defined if a label falls between rows. Windows with no rows are dropped.
 */
export function windowsToRows(
  timestamps: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
): RowWindow[] {
  const out: RowWindow[] = [];
  for (const [startMs, endMs] of windows) {
    const start = firstIndex(timestamps, (t) => t >= startMs);
    const end = firstIndex(timestamps, (t) => t > endMs) - 1;
    if (start <= end) out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** First index where the monotone predicate holds (a.length if none), by binary search. */
function firstIndex(a: ArrayLike<number>, holds: (t: number) => boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!holds(a[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
