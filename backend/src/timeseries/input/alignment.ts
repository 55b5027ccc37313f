import type { Series } from './series';

/**
 * Puts several series on the union of their timestamps; a series without a point at some time gets
 * NaN there (the feature builder carries its last value forward).
 */
export function alignSeries(series: readonly Series[]): { t: Float64Array; values: Float64Array[] } {
  const all = new Float64Array(series.reduce((n, s) => n + s.t.length, 0));
  let offset = 0;
  for (const s of series) {
    all.set(s.t, offset);
    offset += s.t.length;
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[unique++] = all[i];
  const t = all.slice(0, unique);
  const values = series.map((s) => {
    const out = new Float64Array(unique).fill(NaN);
    for (let i = 0, j = 0; i < s.t.length; i++) {
      while (t[j] < s.t[i]) j++;
      out[j] = s.v[i];
    }
    return out;
  });
  return { t, values };
}
