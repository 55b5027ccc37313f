/**
 * A set of indices kept in ascending order in an Int32Array: what the working-set selection scans
 * instead of every active variable when only some of them qualify. Insert and remove shift the
 * tail (a memmove), cheap next to a scan over all variables.
 */
export class SortedIndexSet {
  readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  /** Adds an index larger than every index in the set. */
  append(index: number): void {
    this.items[this.size++] = index;
  }

  insert(index: number): void {
    const at = this.lowerBound(index);
    if (at < this.size && this.items[at] === index) return;
    this.items.copyWithin(at + 1, at, this.size);
    this.items[at] = index;
    this.size++;
  }

  remove(index: number): void {
    const at = this.lowerBound(index);
    if (at === this.size || this.items[at] !== index) return;
    this.items.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  /** The first position whose index is ≥ `index`. */
  private lowerBound(index: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
