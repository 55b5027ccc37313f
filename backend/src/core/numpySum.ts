/**
 * numpy's float64 summation, reproduced to the last bit: `np.add.reduce` over a contiguous run uses
 * pairwise summation (8 accumulators below 128 elements, halving above), and a reduction over a whole
 * array is fed to it in buffers of 8192 elements that are then added in order.
 */
const BLOCK = 128;
const BUFFER = 8192;

/** numpy's `pairwise_sum` of values[offset, offset + n). */
export function pairwiseSum(values: ArrayLike<number>, offset: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[offset + i];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = values[offset];
    let r1 = values[offset + 1];
    let r2 = values[offset + 2];
    let r3 = values[offset + 3];
    let r4 = values[offset + 4];
    let r5 = values[offset + 5];
    let r6 = values[offset + 6];
    let r7 = values[offset + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const k = offset + i;
      r0 += values[k];
      r1 += values[k + 1];
      r2 += values[k + 2];
      r3 += values[k + 3];
      r4 += values[k + 4];
      r5 += values[k + 5];
      r6 += values[k + 6];
      r7 += values[k + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += values[offset + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, offset, half) + pairwiseSum(values, offset + half, n - half);
}

/** `np.sum` of a whole contiguous array (`X.sum()` with axis=None). */
export function numpySum(values: ArrayLike<number>): number {
  let res = 0;
  for (let start = 0; start < values.length; start += BUFFER) {
    res += pairwiseSum(values, start, Math.min(BUFFER, values.length - start));
  }
  return res;
}

/** `X.var()` over every entry (population variance, numpy's two-pass formula). */
export function numpyVariance(values: ArrayLike<number>): number {
  const n = values.length;
  const mean = numpySum(values) / n;
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dev = values[i] - mean;
    squares[i] = dev * dev;
  }
  return numpySum(squares) / n;
}
