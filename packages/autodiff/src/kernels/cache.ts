/**
 * A least-recently-used cache bounded both in entries and in bytes. Kernels cache index maps and
 * plans per shape so that a training loop, which sees the same shapes every step, computes them
 * once; a program that sees many distinct large shapes must not keep them all (200 distinct
 * large shapes once held 988 MB). A value larger than the byte budget is never cached.
 */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  private held = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
    private readonly bytesOf: (v: V) => number,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // most recently used last
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
    const b = this.bytesOf(v);
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.held -= this.bytesOf(old);
    }
    if (b > this.maxBytes) return;
    while (
      this.map.size > 0 &&
      (this.map.size >= this.maxEntries || this.held + b > this.maxBytes)
    ) {
      const [k, first] = this.map.entries().next().value!;
      this.map.delete(k);
      this.held -= this.bytesOf(first);
    }
    this.map.set(key, v);
    this.held += b;
  }

  clear(): void {
    this.map.clear();
    this.held = 0;
  }
}
