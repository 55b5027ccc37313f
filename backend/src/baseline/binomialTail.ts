import { normalTail } from '../streaming/normal';

/**
 * P(X ≥ x) for X ~ Binomial(n, p), mid-p (half the mass at x), by summing the pmf from 0 up to x
 * (x is small wherever this matters). Non-integer n, x are rounded.
 */
export function binomialUpperMidP(x: number, n: number, p: number): number {
  const N = Math.round(n);
  const X = Math.round(x);
  if (X <= 0) return 1;
  if (X > N) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const variance = N * p * (1 - p);
  if (variance > 100) return normalTail((X - 0.5 - N * p) / Math.sqrt(variance)); // the pmf would underflow; the normal approximation is exact enough here
  let pmf = Math.exp(N * Math.log1p(-p)); // P(X = 0)
  let below = 0;
  const ratio = p / (1 - p);
  for (let k = 0; k < X; k++) {
    below += pmf;
    pmf *= ((N - k) / (k + 1)) * ratio;
  }
  return Math.max(0, 1 - below - 0.5 * pmf);
}

/** The normal score z with P(Z > z) = tail (bisection on the normal tail; ±12 at the extremes). */
export function normalScore(tail: number): number {
  if (!(tail < 1)) return -12;
  if (!(tail > 0)) return 12;
  let lo = -12;
  let hi = 12;
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    if (normalTail(mid) > tail) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
