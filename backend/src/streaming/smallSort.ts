/** Sorts a[0..n) ascending in place by insertion (fast for the few dozen values it is used on). */
export function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Median of an ascending-sorted a[0..n); NaN when n = 0. */
export function sortedMedian(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? a[h] : 0.5 * (a[h - 1] + a[h]);
}

/**
 * Median and MAD of a[0..n) (a is sorted in place; `scratch` receives |a − median|).
 * Returns the median and writes the raw MAD (not scaled by 1.4826) to out[0].
 */
export function medianAndMad(a: Float64Array, n: number, scratch: Float64Array, out: Float64Array): number {
  insertionSort(a, n);
  const med = sortedMedian(a, n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(a[i] - med);
  insertionSort(scratch, n);
  out[0] = sortedMedian(scratch, n);
  return med;
}
