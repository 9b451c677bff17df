/**
 * A bounded in-memory cache whose entries expire: keeps data keys close for a while without
 * holding them, or a verdict on them, for longer than `ttlMs`. Least recently used entries
 * leave first when it is full.
 */
export class ExpiringCache<K, V> {
  private readonly items = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    this.items.delete(key);
    if (item.expiresAt <= this.now()) return undefined;
    this.items.set(key, item);
    return item.value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0 || this.ttlMs <= 0) return;
    this.items.delete(key);
    this.items.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as K);
  }

  delete(key: K): void {
    this.items.delete(key);
  }

  /** Drops every entry whose key matches. */
  deleteWhere(matches: (key: K) => boolean): void {
    for (const key of [...this.items.keys()]) if (matches(key)) this.items.delete(key);
  }
}
