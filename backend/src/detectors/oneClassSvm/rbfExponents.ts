/**
 * The exponents of an rbf kernel column as libsvm's training kernel forms them,
 *   out[j] = −γ · (‖x_i‖² + ‖x_j‖² − 2 · x_i·x_j)   for j in [start, end),
 * each dot product summed left to right over the features from 0 (libsvm's own dot; scikit-learn
 * hands the dot to BLAS, which may round the last bit differently). Rows j are taken eight at a time
 * with separate accumulators: the eight sums are independent, so the CPU overlaps their addition
 * chains instead of waiting on one, and each feature of x_i is loaded once per eight rows.
 *
 * There is no remainder loop (V8 would deoptimise the first time a column length not divisible by
 * eight reached it): the last group may run up to seven rows past `end`, so `x`, `squaredNorms` and
 * `out` must have ROW_PADDING spare rows at the end. Entries past `end` are scratch.
 */
export const ROW_PADDING = 7;

export function rbfExponents(
  x: Float64Array,
  d: number,
  squaredNorms: Float64Array,
  negGamma: number,
  i: number,
  out: Float64Array,
  start: number,
  end: number,
): void {
  const base = i * d;
  const normI = squaredNorms[i];
  for (let j = start, row = start * d; j < end; j += 8, row += 8 * d) {
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let p4 = 0;
    let p5 = 0;
    let p6 = 0;
    let p7 = 0;
    for (let k = 0, r = row; k < d; k++, r++) {
      const a = x[base + k];
      p0 += a * x[r];
      p1 += a * x[r + d];
      p2 += a * x[r + 2 * d];
      p3 += a * x[r + 3 * d];
      p4 += a * x[r + 4 * d];
      p5 += a * x[r + 5 * d];
      p6 += a * x[r + 6 * d];
      p7 += a * x[r + 7 * d];
    }
    out[j] = negGamma * (normI + squaredNorms[j] - 2 * p0);
    out[j + 1] = negGamma * (normI + squaredNorms[j + 1] - 2 * p1);
    out[j + 2] = negGamma * (normI + squaredNorms[j + 2] - 2 * p2);
    out[j + 3] = negGamma * (normI + squaredNorms[j + 3] - 2 * p3);
    out[j + 4] = negGamma * (normI + squaredNorms[j + 4] - 2 * p4);
    out[j + 5] = negGamma * (normI + squaredNorms[j + 5] - 2 * p5);
    out[j + 6] = negGamma * (normI + squaredNorms[j + 6] - 2 * p6);
    out[j + 7] = negGamma * (normI + squaredNorms[j + 7] - 2 * p7);
  }
}

/**
 * rbfExponents for two columns a and b at once, into outA and outB: each x_j feature loaded feeds
 * both dot products (about a sixth faster than two single columns). Four rows at a time (eight
 * accumulators fit the registers), otherwise the same sums and the same padding rule.
 */
export function rbfExponentsPair(
  x: Float64Array,
  d: number,
  squaredNorms: Float64Array,
  negGamma: number,
  a: number,
  b: number,
  outA: Float64Array,
  outB: Float64Array,
  start: number,
  end: number,
): void {
  const baseA = a * d;
  const baseB = b * d;
  const normA = squaredNorms[a];
  const normB = squaredNorms[b];
  for (let j = start, row = start * d; j < end; j += 4, row += 4 * d) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let k = 0, r = row; k < d; k++, r++) {
      const va = x[baseA + k];
      const vb = x[baseB + k];
      const x0 = x[r];
      const x1 = x[r + d];
      const x2 = x[r + 2 * d];
      const x3 = x[r + 3 * d];
      a0 += va * x0;
      a1 += va * x1;
      a2 += va * x2;
      a3 += va * x3;
      b0 += vb * x0;
      b1 += vb * x1;
      b2 += vb * x2;
      b3 += vb * x3;
    }
    const n0 = squaredNorms[j];
    const n1 = squaredNorms[j + 1];
    const n2 = squaredNorms[j + 2];
    const n3 = squaredNorms[j + 3];
    outA[j] = negGamma * (normA + n0 - 2 * a0);
    outA[j + 1] = negGamma * (normA + n1 - 2 * a1);
    outA[j + 2] = negGamma * (normA + n2 - 2 * a2);
    outA[j + 3] = negGamma * (normA + n3 - 2 * a3);
    outB[j] = negGamma * (normB + n0 - 2 * b0);
    outB[j + 1] = negGamma * (normB + n1 - 2 * b1);
    outB[j + 2] = negGamma * (normB + n2 - 2 * b2);
    outB[j + 3] = negGamma * (normB + n3 - 2 * b3);
  }
}
