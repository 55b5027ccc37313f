/**
 * libsvm's kernel cache: least-recently-used columns of the Q matrix, each cached for a prefix
 * [0, len) of the (possibly shrunk) index range, within a budget of float32 entries.
 */
const MAX_SPARE = 8;

export class KernelCache {
  private readonly rows: (Float32Array | null)[];
  private readonly lengths: Int32Array;
  /** A circular doubly linked LRU list over column ids; `l` is the sentinel. */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private free: number;
  /** Memory of dropped columns, reused for new ones (saves allocation and zeroing). */
  private readonly spare: ArrayBuffer[] = [];
  /**
   * Every entry swap (lo, hi pairs) since the log was last cleared, and for each column how much
   * of it has been applied to that column's entries: the swaps reach a column only when it is read.
   */
  private swapLog: number[] = [];
  private readonly synced: Int32Array;

  constructor(
    private readonly l: number,
    budgetBytes: number,
  ) {
    this.rows = new Array<Float32Array | null>(l).fill(null);
    this.lengths = new Int32Array(l);
    this.synced = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(-1);
    this.next = new Int32Array(l + 1).fill(-1);
    this.prev[l] = l;
    this.next[l] = l;
    // libsvm's accounting: floats in the budget, less its per-column headers, at least two columns.
    this.free = Math.max(Math.floor(budgetBytes / 4) - 8 * l, 2 * l);
  }

  /**
   * Column `index` with room for `len` entries. Returns the column and the first position that
   * still has to be filled (>= len when it is already complete).
   */
  get(index: number, len: number): { data: Float32Array; start: number } {
    this.sync(index);
    const cached = this.lengths[index];
    if (cached > 0) this.unlink(index);
    const more = len - cached;
    let start = len;
    if (more > 0) {
      while (this.free < more) this.evictOldest();
      const old = this.rows[index];
      const grown = this.allocate(len);
      if (old !== null) {
        grown.set(old.subarray(0, cached));
        this.recycle(old);
      }
      this.rows[index] = grown;
      this.free -= more;
      this.lengths[index] = len;
      start = cached;
    }
    this.synced[index] = this.swapLog.length;
    this.linkLast(index);
    return { data: this.rows[index]!, start };
  }

  /** Column `index` if it is cached for at least [0, len), without touching the LRU order. */
  peek(index: number, len: number): Float32Array | null {
    this.sync(index);
    return this.lengths[index] >= len ? this.rows[index] : null;
  }

  /** How many columns of `len` entries the budget holds. */
  columnsThatFit(len: number): number {
    let cached = 0;
    for (let i = 0; i < this.l; i++) cached += this.lengths[i];
    return Math.floor((this.free + cached) / len);
  }

  /**
   * Exchanges the roles of columns i and j, and of entries i and j inside every cached column. The
   * entry swaps are logged and applied to a column when it is next read, all at once: a column is
   * touched once per read instead of once per swap (libsvm walks every cached column per swap), and
   * not at all if it is never read again (most columns of the initial gradient).
   */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    if (this.lengths[i] > 0) this.unlink(i);
    if (this.lengths[j] > 0) this.unlink(j);
    const row = this.rows[i];
    this.rows[i] = this.rows[j];
    this.rows[j] = row;
    const len = this.lengths[i];
    this.lengths[i] = this.lengths[j];
    this.lengths[j] = len;
    const synced = this.synced[i];
    this.synced[i] = this.synced[j];
    this.synced[j] = synced;
    if (this.lengths[i] > 0) this.linkLast(i);
    if (this.lengths[j] > 0) this.linkLast(j);
    this.swapLog.push(Math.min(i, j), Math.max(i, j));
    if (this.swapLog.length > 8 * this.l) this.clearLog();
  }

  /** Applies the logged swaps column `index` has not seen yet; drops it if one cannot be applied. */
  private sync(index: number): void {
    const log = this.swapLog;
    const from = this.synced[index];
    this.synced[index] = log.length;
    const len = this.lengths[index];
    if (from === log.length || len === 0) return;
    const data = this.rows[index]!;
    for (let s = from; s < log.length; s += 2) {
      const lo = log[s];
      const hi = log[s + 1];
      if (len <= lo) continue;
      if (len <= hi) {
        // The column covers lo but not hi: libsvm drops it rather than leave a hole.
        this.unlink(index);
        this.release(index);
        return;
      }
      const t = data[lo];
      data[lo] = data[hi];
      data[hi] = t;
    }
  }

  /** Brings every cached column up to date, so the log can start afresh (bounds its length). */
  private clearLog(): void {
    for (let h = this.next[this.l]; h !== this.l;) {
      const following = this.next[h];
      this.sync(h);
      h = following;
    }
    this.swapLog = [];
    this.synced.fill(0);
  }

  private evictOldest(): void {
    const oldest = this.next[this.l];
    this.unlink(oldest);
    this.release(oldest);
  }

  /** A column of `len` floats, reusing a dropped column's memory when one is large enough. */
  private allocate(len: number): Float32Array {
    while (this.spare.length > 0) {
      const buffer = this.spare.pop()!;
      if (buffer.byteLength >= len * 4) return new Float32Array(buffer, 0, len);
    }
    return new Float32Array(len);
  }

  private recycle(column: Float32Array): void {
    if (this.spare.length < MAX_SPARE) this.spare.push(column.buffer as ArrayBuffer);
  }

  private release(index: number): void {
    this.recycle(this.rows[index]!);
    this.free += this.lengths[index];
    this.rows[index] = null;
    this.lengths[index] = 0;
  }

  private unlink(index: number): void {
    this.next[this.prev[index]] = this.next[index];
    this.prev[this.next[index]] = this.prev[index];
  }

  private linkLast(index: number): void {
    const sentinel = this.l;
    this.next[index] = sentinel;
    this.prev[index] = this.prev[sentinel];
    this.next[this.prev[index]] = index;
    this.prev[sentinel] = index;
  }
}
