/**
 * libstdc++'s std::nth_element (introselect), step for step, over a run of an index array, ordering
 * indices by `less`. scikit-learn partitions KD-tree nodes with it; reproducing its exact element
 * moves reproduces the order of points inside every leaf, which decides ties between equidistant
 * neighbours. (GCC's bits/stl_algo.h and bits/stl_heap.h: __introselect, __unguarded_partition_pivot,
 * __insertion_sort, __heap_select.)
 */
export type Less = (a: number, b: number) => boolean;

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

/** Rearranges a[first, last) so a[nth] holds the element a full sort would put there. */
export function nthElement(a: Int32Array, first: number, nth: number, last: number, less: Less): void {
  if (first === last || nth === last) return;
  let depthLimit = floorLog2(last - first) * 2;
  while (last - first > 3) {
    if (depthLimit === 0) {
      heapSelect(a, first, nth + 1, last, less);
      swap(a, first, nth);
      return;
    }
    depthLimit--;
    const cut = unguardedPartitionPivot(a, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(a, first, last, less);
}

function moveMedianToFirst(a: Int32Array, result: number, x: number, y: number, z: number, less: Less): void {
  if (less(a[x], a[y])) {
    if (less(a[y], a[z])) swap(a, result, y);
    else if (less(a[x], a[z])) swap(a, result, z);
    else swap(a, result, x);
  } else if (less(a[x], a[z])) swap(a, result, x);
  else if (less(a[y], a[z])) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartitionPivot(a: Int32Array, first: number, last: number, less: Less): number {
  const mid = first + Math.floor((last - first) / 2);
  moveMedianToFirst(a, first, first + 1, mid, last - 1, less);
  const pivot = a[first];
  let lo = first + 1;
  let hi = last;
  for (;;) {
    while (less(a[lo], pivot)) lo++;
    hi--;
    while (less(pivot, a[hi])) hi--;
    if (!(lo < hi)) return lo;
    swap(a, lo, hi);
    lo++;
  }
}

function insertionSort(a: Int32Array, first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i !== last; i++) {
    const val = a[i];
    if (less(val, a[first])) {
      a.copyWithin(first + 1, first, i);
      a[first] = val;
    } else {
      let hole = i;
      while (less(val, a[hole - 1])) {
        a[hole] = a[hole - 1];
        hole--;
      }
      a[hole] = val;
    }
  }
}

function heapSelect(a: Int32Array, first: number, middle: number, last: number, less: Less): void {
  makeHeap(a, first, middle, less);
  for (let i = middle; i < last; i++) {
    if (less(a[i], a[first])) {
      // __pop_heap(first, middle, i): the root moves to i, i's value sifts in from the root.
      const value = a[i];
      a[i] = a[first];
      adjustHeap(a, first, 0, middle - first, value, less);
    }
  }
}

function makeHeap(a: Int32Array, first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(a, first, parent, len, a[first + parent], less);
    if (parent === 0) return;
  }
}

function adjustHeap(
  a: Int32Array,
  first: number,
  holeIndex: number,
  len: number,
  value: number,
  less: Less,
): void {
  const topIndex = holeIndex;
  let secondChild = holeIndex;
  while (secondChild < Math.floor((len - 1) / 2)) {
    secondChild = 2 * (secondChild + 1);
    if (less(a[first + secondChild], a[first + secondChild - 1])) secondChild--;
    a[first + holeIndex] = a[first + secondChild];
    holeIndex = secondChild;
  }
  if ((len & 1) === 0 && secondChild === Math.floor((len - 2) / 2)) {
    secondChild = 2 * (secondChild + 1);
    a[first + holeIndex] = a[first + secondChild - 1];
    holeIndex = secondChild - 1;
  }
  // __push_heap: move the value up from the hole towards topIndex.
  let parent = Math.trunc((holeIndex - 1) / 2);
  while (holeIndex > topIndex && less(a[first + parent], value)) {
    a[first + holeIndex] = a[first + parent];
    holeIndex = parent;
    parent = Math.trunc((holeIndex - 1) / 2);
  }
  a[first + holeIndex] = value;
}
