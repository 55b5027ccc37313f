import type { FeatureSpec } from '../schemas';

export interface FeatureTable {
  /** Row-major, one row per point of the series, `names.length` columns. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly names: readonly string[];
}

const DAY_MS = 86_400_000;
const TWO_PI = 2 * Math.PI;

/** Points of history a row needs before all its features are complete. */
export function featureWarmup(spec: FeatureSpec): number {
  return Math.max(0, ...spec.diffs, ...spec.lags, ...spec.rolling.map((w) => w - 1));
}

export function featureNames(spec: FeatureSpec): string[] {
  const names: string[] = [];
  if (spec.value) names.push('value');
  for (const k of spec.diffs) names.push(`diff(${k})`);
  for (const w of spec.rolling) names.push(`rolling_mean(${w})`, `rolling_std(${w})`);
  for (const k of spec.lags) names.push(`lag(${k})`);
  if (spec.hour_of_day) names.push('hour_sin', 'hour_cos');
  if (spec.day_of_week) names.push('weekday_sin', 'weekday_cos');
  return names;
}

/** Gaps (NaN) carry the last observed value forward; leading gaps take the first observed value. */
export function forwardFill(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  let first = NaN;
  for (let i = 0; i < v.length && Number.isNaN(first); i++) first = v[i];
  let last = first;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) last = v[i];
    out[i] = last;
  }
  return out;
}

/**
 * Builds the feature rows of one series. Windows count points, not time (irregular steps keep
 * their order); rows at the start use whatever history exists (see `featureWarmup`).
 */
export function buildFeatures(t: Float64Array, v: Float64Array, spec: FeatureSpec): FeatureTable {
  const names = featureNames(spec);
  const n = t.length;
  const cols = names.length;
  const data = new Float64Array(n * cols);
  const filled = forwardFill(v);
  let col = 0;
  const put = (values: ArrayLike<number>): void => {
    for (let i = 0, k = col; i < n; i++, k += cols) data[k] = values[i];
    col++;
  };
  if (spec.value) put(filled);
  for (const k of spec.diffs) put(shifted(filled, k, (now, before) => now - before));
  for (const w of spec.rolling) {
    const { mean, std } = rolling(filled, w);
    put(mean);
    put(std);
  }
  for (const k of spec.lags) put(shifted(filled, k, (_now, before) => before));
  if (spec.hour_of_day) putCyclic(t, DAY_MS, spec.utc_offset_minutes, put);
  if (spec.day_of_week) putWeekday(t, spec.utc_offset_minutes, put);
  return { data, rows: n, cols, names };
}

/** f(x[i], x[max(0, i-k)]): lags and differences, the first point standing in for missing history. */
function shifted(x: Float64Array, k: number, f: (now: number, before: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], x[Math.max(0, i - k)]);
  return out;
}

/** Trailing mean and population std over w points, O(n) with sums taken about the first value. */
export function rolling(x: Float64Array, w: number): { mean: Float64Array; std: Float64Array } {
  const n = x.length;
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const ref = n > 0 ? x[0] : 0; // centring keeps the sum of squares from cancelling catastrophically
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - ref;
    sum += d;
    sumSq += d * d;
    if (i >= w) {
      const old = x[i - w] - ref;
      sum -= old;
      sumSq -= old * old;
    }
    const count = Math.min(i + 1, w);
    const m = sum / count;
    mean[i] = m + ref;
    std[i] = Math.sqrt(Math.max(0, sumSq / count - m * m));
  }
  return { mean, std };
}

function putCyclic(
  t: Float64Array,
  period: number,
  offsetMinutes: number,
  put: (v: Float64Array) => void,
): void {
  const sin = new Float64Array(t.length);
  const cos = new Float64Array(t.length);
  const offset = offsetMinutes * 60_000;
  for (let i = 0; i < t.length; i++) {
    const phase = (TWO_PI * ((((t[i] + offset) % period) + period) % period)) / period;
    sin[i] = Math.sin(phase);
    cos[i] = Math.cos(phase);
  }
  put(sin);
  put(cos);
}

/** Day of week as a point on the unit circle; 1970-01-01 was a Thursday (day 4, Sunday = 0). */
function putWeekday(t: Float64Array, offsetMinutes: number, put: (v: Float64Array) => void): void {
  const sin = new Float64Array(t.length);
  const cos = new Float64Array(t.length);
  const offset = offsetMinutes * 60_000;
  for (let i = 0; i < t.length; i++) {
    const day = (((Math.floor((t[i] + offset) / DAY_MS) + 4) % 7) + 7) % 7;
    sin[i] = Math.sin((TWO_PI * day) / 7);
    cos[i] = Math.cos((TWO_PI * day) / 7);
  }
  put(sin);
  put(cos);
}

/** Copies the given rows into a new matrix. */
export function selectRows(table: FeatureTable, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * table.cols);
  for (let r = 0; r < rows.length; r++) {
    const start = rows[r] * table.cols;
    out.set(table.data.subarray(start, start + table.cols), r * table.cols);
  }
  return out;
}
