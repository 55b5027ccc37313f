/**
 * The bins + 1 edges of numpy's equal-width np.histogram over values in [first, last], written at
 * edges[base …]: an empty range widens to one unit around the value; edges are k · step + first
 * (np.linspace), the last edge exactly `last`.
 */
export function fillEqualWidthEdges(
  edges: Float64Array,
  base: number,
  bins: number,
  first: number,
  last: number,
): void {
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  for (let k = 0; k < bins; k++) edges[base + k] = k * step + first;
  edges[base + bins] = last;
}

/** Number of edges[base, base + count) that are <= v (edges ascending). */
export function edgesAtOrBelow(edges: Float64Array, base: number, count: number, v: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[base + mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
