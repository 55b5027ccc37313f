/** One point as a stream keeps it: its feature values and its time (epoch ms). */
export interface StoredPoint {
  readonly values: Float64Array;
  readonly timestampMs: number;
}

/** A window's points in plain data, for the state file. */
export interface WindowSnapshot {
  readonly firstSeq: number;
  readonly points: StoredPoint[];
}

/**
 * The stream's sliding window: the last `windowSize` points, numbered by arrival (seq). Points older
 * than the window are kept only while `keepFrom` still needs them (a causal model is rebuilt by
 * replaying from there) and never beyond `maxRetained`, so memory stays bounded.
 */
export class PointWindow {
  private points: StoredPoint[] = [];
  private head = 0;
  private nextSeq = 0;

  constructor(
    readonly windowSize: number,
    private readonly maxRetained: number,
  ) {}

  /** Points in the sliding window. */
  get size(): number {
    return Math.min(this.windowSize, this.retained);
  }

  get retained(): number {
    return this.points.length - this.head;
  }

  /** The seq the next point gets. */
  get endSeq(): number {
    return this.nextSeq;
  }

  get firstSeq(): number {
    return this.nextSeq - this.retained;
  }

  push(point: StoredPoint, keepFrom: number): void {
    this.points.push(point);
    this.nextSeq++;
    while (this.retained > this.maxRetained || (this.retained > this.windowSize && this.firstSeq < keepFrom))
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.points.length) {
      this.points = this.points.slice(this.head);
      this.head = 0;
    }
  }

  /** The sliding window, oldest first. */
  window(): StoredPoint[] {
    return this.points.slice(this.points.length - this.size);
  }

  /** Retained points from `seq` on (from the oldest retained one when `seq` is gone). */
  from(seq: number): StoredPoint[] {
    return this.points.slice(this.head + Math.max(0, seq - this.firstSeq));
  }

  /** The newest `n` points, oldest first. */
  last(n: number): StoredPoint[] {
    return this.points.slice(Math.max(this.head, this.points.length - n));
  }

  clear(): void {
    this.points = [];
    this.head = 0;
    this.nextSeq = 0;
  }

  snapshot(): WindowSnapshot {
    return { firstSeq: this.firstSeq, points: this.points.slice(this.head) };
  }

  restore(snapshot: WindowSnapshot): void {
    this.points = snapshot.points.slice(-this.maxRetained);
    this.head = 0;
    this.nextSeq = snapshot.firstSeq + snapshot.points.length;
  }
}
