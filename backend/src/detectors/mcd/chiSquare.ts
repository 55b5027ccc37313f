/**
 * Chi-square quantiles for MCD's consistency correction and reweighting cut-off (scipy's
 * chi2(df).isf(p)). The regularized lower incomplete gamma P(a, x) uses its power series below
 * x = a + 1 and Legendre's continued fraction (modified Lentz) above (Numerical Recipes §6.2);
 * ln Γ is Lanczos' approximation (g = 7, n = 9), accurate to ~1e-15.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularized lower incomplete gamma P(a, x). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * EPS; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * Math.exp(logPrefix);
  }
  // Q(a, x) = e^{-x} x^a / Γ(a) · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return 1 - Math.exp(logPrefix) * h;
}

/** x with P(chi-square with `df` degrees of freedom > x) = p: scipy's chi2(df).isf(p), 0 < p < 1. */
export function chiSquareIsf(df: number, p: number): number {
  const target = 1 - p;
  const cdf = (x: number): number => regularizedGammaP(df / 2, x / 2);
  let lo = 0;
  let hi = Math.max(1, df);
  while (cdf(hi) < target) hi *= 2;
  // Bisection to the last representable bit: ~60 halvings of a bracket that starts below 2·df + …
  for (let i = 0; i < 200 && hi - lo > Math.max(1e-300, hi * 1e-15); i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
