/**
 * Reading a tree: every entry in path order (optionally only those under a prefix, reading
 * only the shards whose range overlaps it), or one path, reading at most one shard.
 */
import type { ManifestEntry } from './manifest-entry.js';
import { shardIndexFor, shardOverlapsPrefix, type ShardInfo } from './manifest-root.js';
import type { ManifestStore } from './manifest-store.js';

export interface ReadManifestOptions {
  /** Only entries whose path starts with this string. */
  prefix?: string;
}

/** The tree's entries in path order; `root` null is the empty tree. */
export async function* readManifest(
  store: ManifestStore,
  root: string | null,
  opts: ReadManifestOptions = {},
): AsyncGenerator<ManifestEntry> {
  const { shards } = await store.loadRoot(root);
  const prefix = opts.prefix ?? '';
  const wanted = prefix === '' ? shards : shards.filter((s) => shardOverlapsPrefix(s, prefix));
  for await (const entries of loadInOrder(store, wanted)) {
    for (const entry of entries) if (entry.path.startsWith(prefix)) yield entry;
  }
}

/** The entry at `path`, or null; reads no shard when the path falls between shards. */
export async function lookup(store: ManifestStore, root: string | null, path: string): Promise<ManifestEntry | null> {
  const { shards } = await store.loadRoot(root);
  const shard = shards[shardIndexFor(shards, path)];
  if (!shard || shard.first > path) return null;
  const entries = await store.loadShard(shard.hash);
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = entries[mid]!.path;
    if (p === path) return entries[mid]!;
    if (p < path) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** Loads shards in order, keeping a few requests ahead of the consumer. */
export async function* loadInOrder(store: ManifestStore, shards: readonly ShardInfo[]): AsyncGenerator<ManifestEntry[]> {
  const ahead = Math.max(1, Math.min(store.concurrency, 4));
  const inflight: Promise<ManifestEntry[]>[] = [];
  let next = 0;
  const launch = () => {
    const p = store.loadShard(shards[next++]!.hash);
    p.catch(() => {});
    inflight.push(p);
  };
  while (next < shards.length && inflight.length < ahead) launch();
  while (inflight.length > 0) {
    const entries = await inflight.shift()!;
    if (next < shards.length) launch();
    yield entries;
  }
}
