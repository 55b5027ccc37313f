/**
 * The bounded max-heaps scikit-learn's neighbour searches keep per query (utils/_heap.pyx and
 * utils/_sorting.pyx), reproduced exactly: which of several equally distant points survives depends
 * on these rules, so matching them is what makes our neighbour sets equal theirs when distances tie.
 */
import type { NeighborResult } from './neighbors';

/**
 * Offers (val, valIdx) to the max-heap values/indices[offset, offset + size). A value not strictly
 * below the current largest is refused; otherwise it replaces the root and sifts down.
 */
export function heapPush(
  values: Float64Array,
  indices: Int32Array,
  offset: number,
  size: number,
  val: number,
  valIdx: number,
): void {
  if (val >= values[offset]) return;
  let i = 0;
  for (;;) {
    const c1 = 2 * i + 1;
    const c2 = c1 + 1;
    let swap: number;
    if (c1 >= size) break;
    else if (c2 >= size) {
      if (values[offset + c1] > val) swap = c1;
      else break;
    } else if (values[offset + c1] >= values[offset + c2]) {
      if (val < values[offset + c1]) swap = c1;
      else break;
    } else if (val < values[offset + c2]) swap = c2;
    else break;
    values[offset + i] = values[offset + swap];
    indices[offset + i] = indices[offset + swap];
    i = swap;
  }
  values[offset + i] = val;
  indices[offset + i] = valIdx;
}

function dualSwap(values: Float64Array, indices: Int32Array, a: number, b: number): void {
  const v = values[a];
  values[a] = values[b];
  values[b] = v;
  const t = indices[a];
  indices[a] = indices[b];
  indices[b] = t;
}

/** scikit-learn's simultaneous_sort: ascending by value, quicksort with a median-of-three pivot. */
export function simultaneousSort(
  values: Float64Array,
  indices: Int32Array,
  offset: number,
  size: number,
): void {
  if (size <= 1) return;
  if (size === 2) {
    if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    return;
  }
  if (size === 3) {
    if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    if (values[offset + 1] > values[offset + 2]) {
      dualSwap(values, indices, offset + 1, offset + 2);
      if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    }
    return;
  }
  const last = offset + size - 1;
  let pivot = offset + (size >> 1);
  if (values[offset] > values[last]) dualSwap(values, indices, offset, last);
  if (values[last] > values[pivot]) {
    dualSwap(values, indices, last, pivot);
    if (values[offset] > values[last]) dualSwap(values, indices, offset, last);
  }
  const pivotValue = values[last];
  let store = offset;
  for (let i = offset; i < last; i++) {
    if (values[i] < pivotValue) dualSwap(values, indices, i, store++);
  }
  dualSwap(values, indices, store, last);
  pivot = store - offset;
  if (pivot > 1) simultaneousSort(values, indices, offset, pivot);
  if (pivot + 2 < size) simultaneousSort(values, indices, offset + pivot + 1, size - pivot - 1);
}

/** Sorts each query's heap ascending (scikit-learn's simultaneous_sort) and takes square roots. */
export function finishNeighbors(
  distances: Float64Array,
  indices: Int32Array,
  rows: number,
  k: number,
): NeighborResult {
  for (let r = 0; r < rows; r++) {
    simultaneousSort(distances, indices, r * k, k);
    for (let s = r * k; s < (r + 1) * k; s++) distances[s] = Math.sqrt(distances[s]);
  }
  return { distances, indices, k };
}
