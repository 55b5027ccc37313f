import { mean, populationStd } from '../core/stats';
import { sortedMedian } from '../streaming/smallSort';

/** Median and 1.4826·MAD (σ of a normal sample) of a[0..n); sorts `a` and overwrites `scratch`. */
export function robustLocationScale(
  a: Float64Array,
  n: number,
  scratch: Float64Array,
): { center: number; spread: number } {
  const v = a.subarray(0, n).sort();
  const med = sortedMedian(v, n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(v[i] - med);
  const mad = sortedMedian(scratch.subarray(0, n).sort(), n);
  return { center: med, spread: 1.4826 * mad };
}

/** `classic` mode: the plain mean and population standard deviation of a[0..n). */
export function classicLocationScale(a: Float64Array, n: number): { center: number; spread: number } {
  const v = a.subarray(0, n);
  const mu = mean(v);
  return { center: mu, spread: populationStd(v, mu) };
}

/** σ_eff = max(σ, absolute floor, relative floor·|expected|, extra floor). */
export function effectiveSigma(
  spread: number,
  expected: number,
  abs: number,
  rel: number,
  extra = 0,
): number {
  let s = Number.isFinite(spread) ? spread : 0;
  if (abs > s) s = abs;
  const r = rel * Math.abs(expected);
  if (r > s) s = r;
  if (extra > s) s = extra;
  return s > 1e-12 ? s : 1e-12;
}

/**
 * The spread a new observation should be judged with when the median and MAD come from only n
 * samples: the median's own error adds π/(2n)·σ² (predictive spread), and the MAD-based σ is
 * itself uncertain (relative standard error ≈ 1.16/√n), so one standard error is added to it.
 * ×1.27 at n = 26, ×1.18 at n = 52, ×1.10 at n = 130.
 */
export function predictiveSpread(spread: number, n: number): number {
  return spread * (1 + 1.16 / Math.sqrt(n)) * Math.sqrt(1 + Math.PI / (2 * n));
}
