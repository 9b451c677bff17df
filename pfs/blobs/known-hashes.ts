/**
 * A bounded set of content hashes known to be stored, so a process that writes the same chunk
 * twice skips even the existence check. When full it starts over: forgetting only costs a check.
 */
export class KnownHashes {
  private hashes = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  has(hash: string): boolean {
    return this.hashes.has(hash);
  }

  add(hash: string): void {
    if (this.hashes.size >= this.capacity) this.hashes = new Set();
    this.hashes.add(hash);
  }
}
