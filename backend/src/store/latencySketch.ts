/**
 * A mergeable quantile sketch for latencies, after DDSketch (Masson, Rim & Lee, VLDB 2019): values
 * fall into logarithmic bins of ratio γ = (1 + α)/(1 − α), so every quantile is returned within a
 * relative error α (1%) of a value of that rank. Two sketches merge by adding bin counts, exactly,
 * whatever the order of the values — which is what lets later events of a bucket update it. Written
 * here (≈100 lines) rather than taken from a library: the stored form (bin index → count, as bytes)
 * must stay ours and stable across versions, and that is most of the code.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this (1 µs when values are milliseconds) count as zero. */
export const MIN_POSITIVE = 1e-3;
/** The bin index that holds the zeros in the stored form (no real bin comes near it). */
const ZERO_INDEX = -0x80000000;

export class LatencySketch {
  private readonly bins = new Map<number, number>();
  private zeros = 0;
  private total = 0;

  get count(): number {
    return this.total;
  }

  /** Adds a value ≥ 0 (negative and non-finite values are the caller's to reject). */
  add(value: number, times = 1): void {
    if (value < MIN_POSITIVE) this.zeros += times;
    else {
      const index = Math.ceil(Math.log(value) / LOG_GAMMA);
      this.bins.set(index, (this.bins.get(index) ?? 0) + times);
    }
    this.total += times;
  }

  merge(other: LatencySketch): void {
    for (const [index, n] of other.bins) this.bins.set(index, (this.bins.get(index) ?? 0) + n);
    this.zeros += other.zeros;
    this.total += other.total;
  }

  /** The value at rank ⌊q·(n − 1)⌋ within 1% relative error; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.floor(Math.min(1, Math.max(0, q)) * (this.total - 1));
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (const index of [...this.bins.keys()].sort((a, b) => a - b)) {
      seen += this.bins.get(index)!;
      if (seen > rank) return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
    }
    return null; // unreachable: the counts add up to total
  }

  /** The stored form: little-endian int32 pairs (bin index, count), zeros under ZERO_INDEX. */
  toBytes(): Buffer {
    const pairs = this.bins.size + (this.zeros > 0 ? 1 : 0);
    const out = Buffer.allocUnsafe(pairs * 8);
    let at = 0;
    if (this.zeros > 0) {
      out.writeInt32LE(ZERO_INDEX, 0);
      out.writeInt32LE(this.zeros, 4);
      at = 8;
    }
    for (const [index, n] of this.bins) {
      out.writeInt32LE(index, at);
      out.writeInt32LE(n, at + 4);
      at += 8;
    }
    return out;
  }

  static fromBytes(bytes: Uint8Array | null | undefined): LatencySketch {
    const sketch = new LatencySketch();
    if (!bytes || bytes.byteLength === 0) return sketch;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at + 8 <= view.byteLength; at += 8) {
      const index = view.readInt32LE(at);
      const n = view.readInt32LE(at + 4);
      if (index === ZERO_INDEX) sketch.zeros += n;
      else sketch.bins.set(index, (sketch.bins.get(index) ?? 0) + n);
      sketch.total += n;
    }
    return sketch;
  }
}
