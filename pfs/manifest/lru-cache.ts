/**
 * A least-recently-used cache with a fixed number of slots: keeps the manifest shards and
 * roots a process reads again and again in memory. Capacity 0 disables it.
 */
export class LruCache<K, V> {
  private readonly items = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.items.get(key);
    if (value === undefined) return undefined;
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.items.has(key);
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as K);
  }

  get size(): number {
    return this.items.size;
  }
}
