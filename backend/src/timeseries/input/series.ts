/** A validated series: strictly increasing epoch-ms timestamps, NaN where the value is missing. */
export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** A stable identity for a series within a request: its name plus sorted labels. */
export function seriesId(s: { name: string; labels: Readonly<Record<string, string>> }): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}=${s.labels[k]}`)
    .join(',');
  return `${s.name}{${labels}}`;
}

/** Index of the first timestamp >= t (binary search). */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first timestamp > t. */
export function upperBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median spacing of the timestamps (ms); 0 for fewer than two points. */
export function medianStep(times: Float64Array): number {
  if (times.length < 2) return 0;
  const steps = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) steps[i - 1] = times[i] - times[i - 1];
  steps.sort();
  return steps[steps.length >> 1];
}
