/** What GET /health reports about the in-memory model cache. */
export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly limitBytes: number;
  readonly evictions: number;
}

/**
 * A least-recently-used cache bounded by bytes: each entry has a size (for models, their file size,
 * which is the size of their typed arrays plus a small header), and inserting past the limit evicts
 * the least recently used entries. An entry larger than the whole limit is not kept at all.
 */
export class ByteLruCache<V> {
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private totalBytes = 0;
  private evictionCount = 0;

  constructor(readonly limitBytes: number) {}

  /** The value, marked as just used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.limitBytes) {
      this.evictionCount++;
      return;
    }
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.totalBytes <= this.limitBytes) break;
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
      this.evictionCount++;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  /** The cached entries without changing their recency. */
  *values(): IterableIterator<V> {
    for (const entry of this.entries.values()) yield entry.value;
  }

  *keyedValues(): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  stats(): CacheStats {
    return {
      entries: this.entries.size,
      bytes: this.totalBytes,
      limitBytes: this.limitBytes,
      evictions: this.evictionCount,
    };
  }
}
