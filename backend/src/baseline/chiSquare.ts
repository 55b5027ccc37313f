/**
 * Pearson's χ² of observed counts obs[0..k) against expected proportions from `base` counts
 * (smoothed by half a count each, so a category never seen in the baseline is not infinitely
 * surprising), turned into a normal score with the Wilson–Hilferty cube-root transform (df = k − 1).
 */
export function chiSquareScore(obs: Float64Array, base: Float64Array, k: number): number {
  let n = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    n += obs[i];
    total += base[i] + 0.5;
  }
  if (!(n > 0) || k < 2) return 0;
  let chi = 0;
  for (let i = 0; i < k; i++) {
    const e = (n * (base[i] + 0.5)) / total;
    const d = obs[i] - e;
    chi += (d * d) / e;
  }
  const df = k - 1;
  const v = 2 / (9 * df);
  return (Math.cbrt(chi / df) - (1 - v)) / Math.sqrt(v);
}
