/**
 * Jensen–Shannon distance (square root of the divergence, base-2 logs, so in [0, 1]) between two
 * count vectors p[0..k) and q[0..k), each normalised by its total. NaN when either total is 0.
 */
export function jensenShannonDistance(p: Float64Array, q: Float64Array, k: number): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < k; i++) {
    sp += p[i];
    sq += q[i];
  }
  if (!(sp > 0) || !(sq > 0)) return NaN;
  let div = 0;
  for (let i = 0; i < k; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = 0.5 * (a + b);
    if (a > 0) div += 0.5 * a * Math.log2(a / m);
    if (b > 0) div += 0.5 * b * Math.log2(b / m);
  }
  return Math.sqrt(Math.max(0, div));
}
