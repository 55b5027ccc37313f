/**
 * exp(x) for the rbf hot loops, about twice as fast as Math.exp and within ~3e-16 relative of it:
 * x = (64·k + j)·ln2/64 + r with |r| ≤ ln2/128, e^x = 2^k · 2^(j/64) · e^r, e^r by a degree-6
 * polynomial (Tang's table method). ln2/64 is split hi + lo (fdlibm's constants) so the reduction
 * is exact for |x| < 2^14. Far below zero it defers to Math.exp, which handles subnormal results.
 */
const STEPS_PER_LN2 = 64 / Math.LN2;
/** Adding and subtracting 1.5·2^52 rounds a double to the nearest integer (cheaper than Math.round). */
const ROUNDER = 6755399441055744;
const LN2_64_HI = 6.9314718036912381649e-1 / 64;
const LN2_64_LO = 1.90821492927058770002e-10 / 64;
const FRACTION_POWERS = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
const POWER_OFFSET = 1100;
const INTEGER_POWERS = Float64Array.from({ length: 2 * POWER_OFFSET }, (_, e) =>
  Math.pow(2, e - POWER_OFFSET),
);

export function fastExp(x: number): number {
  if (!(x > -700 && x < 700)) return Math.exp(x);
  const n = x * STEPS_PER_LN2 + ROUNDER - ROUNDER;
  const r = x - n * LN2_64_HI - n * LN2_64_LO;
  const j = n & 63;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  return INTEGER_POWERS[(n - j) / 64 + POWER_OFFSET] * (FRACTION_POWERS[j] * p);
}
