const INITIAL_CAPACITY = 256;

/**
 * Per-query lists of candidate rows and their approximate squared distances, stored flat (query q owns
 * slots [q·capacity, (q + 1)·capacity)); the capacity doubles for everyone when one list fills.
 */
export class CandidateLists {
  capacity = INITIAL_CAPACITY;
  rows: Int32Array;
  approximations: Float32Array;
  readonly lengths: Int32Array;

  constructor(private readonly queries: number) {
    this.rows = new Int32Array(queries * this.capacity);
    this.approximations = new Float32Array(queries * this.capacity);
    this.lengths = new Int32Array(queries);
  }

  clear(): void {
    this.lengths.fill(0);
  }

  push(query: number, row: number, approx: number): void {
    let length = this.lengths[query];
    if (length === this.capacity) this.grow();
    const slot = query * this.capacity + length++;
    this.rows[slot] = row;
    this.approximations[slot] = approx;
    this.lengths[query] = length;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const rows = new Int32Array(this.queries * capacity);
    const approximations = new Float32Array(this.queries * capacity);
    for (let q = 0; q < this.queries; q++) {
      const from = q * this.capacity;
      rows.set(this.rows.subarray(from, from + this.lengths[q]), q * capacity);
      approximations.set(this.approximations.subarray(from, from + this.lengths[q]), q * capacity);
    }
    this.rows = rows;
    this.approximations = approximations;
    this.capacity = capacity;
  }
}
