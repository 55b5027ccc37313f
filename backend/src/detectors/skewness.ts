/**
 * Sample skewness m3 / m2^1.5 (biased, scipy.stats.skew's default). NaN when the values are
 * (numerically) constant, using scipy's test m2 <= (eps · mean)^2 with eps = 1e-15.
 */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += values[i];
  mu /= n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const dev = values[i] - mu;
    const sq = dev * dev;
    m2 += sq;
    m3 += sq * dev;
  }
  m2 /= n;
  m3 /= n;
  if (m2 <= (1e-15 * mu) ** 2) return NaN;
  return m3 / Math.pow(m2, 1.5);
}
