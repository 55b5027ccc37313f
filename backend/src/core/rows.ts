/** Arithmetic on rows of row-major Float64Arrays, summed left to right over the columns. */

export function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += a[aOffset + k] * b[bOffset + k];
  return sum;
}

/** Squared Euclidean distance between rows, summed in column order (scikit-learn's euclidean_rdist). */
export function squaredDistance(
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  d: number,
): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[aOffset + j] - b[bOffset + j];
    sum += diff * diff;
  }
  return sum;
}
