/** Summary statistics with numpy's conventions (linear-interpolated percentiles, population std). */

/** Percentile of an ascending-sorted array, numpy's default "linear" method; q in [0, 100]. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * (q / 100); // numpy: virtual index = (n - 1) * quantile
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  // numpy's _lerp form, chosen so results agree with numpy to the last bit in common cases.
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export function percentile(values: ArrayLike<number>, q: number): number {
  return percentileSorted(sortedCopy(values), q);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Population standard deviation (ddof 0), two-pass for accuracy. */
export function populationStd(values: ArrayLike<number>, mu = mean(values)): number {
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const dev = values[i] - mu;
    ss += dev * dev;
  }
  return Math.sqrt(ss / values.length);
}
