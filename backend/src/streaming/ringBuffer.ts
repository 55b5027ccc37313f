/** A fixed-capacity FIFO of doubles; pushing into a full buffer evicts the oldest value. */
export class RingBuffer {
  private readonly data: Float64Array;
  private head = 0; // index of the next write
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('RingBuffer capacity must be >= 1');
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends x; returns the evicted value, or NaN when nothing was evicted. */
  push(x: number): number {
    const evicted = this.count === this.capacity ? this.data[this.head] : NaN;
    this.data[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) this.count++;
    return evicted;
  }

  /** The value `back` steps before the newest (0 = newest); NaN when out of range. */
  get(back: number): number {
    if (back < 0 || back >= this.count) return NaN;
    let i = this.head - 1 - back;
    if (i < 0) i += this.capacity;
    return this.data[i];
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
