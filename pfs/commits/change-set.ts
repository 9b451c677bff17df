/**
 * The changes one writer makes to a commit, in order: later operations win over earlier
 * ones on the same path, and the result applies as deletes first, then puts.
 */
import { isUnder } from '../paths/path-operations.js';
import type { TreeChanges, TreeEntry } from '../tree-store.js';

export class ChangeSet {
  private readonly puts = new Map<string, TreeEntry>();
  private readonly deletes = new Set<string>();
  private readonly deletePrefixes = new Set<string>();

  put(entry: TreeEntry): void {
    this.puts.set(entry.path, entry);
  }

  delete(path: string): void {
    this.puts.delete(path);
    this.deletes.add(path);
  }

  /** Deletes a directory (or the whole tree for `/`) and everything under it. */
  deleteTree(prefix: string): void {
    for (const path of this.puts.keys()) if (isUnder(path, prefix)) this.puts.delete(path);
    this.deletePrefixes.add(prefix);
  }

  /** The entry this change set has put at `path`, if any. */
  staged(path: string): TreeEntry | undefined {
    return this.puts.get(path);
  }

  /** Whether the base tree's `path` is hidden by a delete in this change set. */
  hides(path: string): boolean {
    if (this.puts.has(path)) return false;
    if (this.deletes.has(path)) return true;
    for (const prefix of this.deletePrefixes) if (isUnder(path, prefix)) return true;
    return false;
  }

  /** Replays another change set's operations after this one's. */
  merge(changes: TreeChanges): void {
    for (const p of changes.deletePrefixes) this.deleteTree(p);
    for (const d of changes.deletes) this.delete(d);
    for (const e of changes.puts) this.put(e);
  }

  get size(): number {
    return this.puts.size + this.deletes.size + this.deletePrefixes.size;
  }

  toChanges(): TreeChanges {
    return { puts: [...this.puts.values()], deletes: [...this.deletes], deletePrefixes: [...this.deletePrefixes] };
  }
}
