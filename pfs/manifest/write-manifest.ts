/**
 * Writes a whole tree: entries sorted by path, cut into content-defined shards, each shard
 * stored once (content-addressed), then the root. A root is stored only after every shard it
 * names, so a crashed writer never leaves a root pointing at missing shards.
 */
import { ConcurrencyLimit } from '../blobs/concurrency-limit.js';
import { encodeEntry } from './manifest-entry-codec.js';
import { sortEntries, type ManifestEntry } from './manifest-entry.js';
import { buildRoot, type ShardInfo } from './manifest-root.js';
import type { ManifestStore } from './manifest-store.js';
import { cutShards, type ShardCutParams } from './shard-cut.js';

/**
 * Stores a tree of `entries` (any order; each path once) and returns its root hash.
 * @throws InvalidArgumentError when a path is given twice or an entry is malformed.
 */
export async function writeManifest(store: ManifestStore, entries: Iterable<ManifestEntry>): Promise<string> {
  const sorted = sortEntries(entries, false);
  const shards = await storeShards(store, sorted, store.cut);
  return store.storeRoot(buildRoot(store.cut, shards));
}

/** Cuts sorted entries into shards and stores them, a bounded number at a time, in order. */
export async function storeShards(store: ManifestStore, sorted: readonly ManifestEntry[], cut: ShardCutParams): Promise<ShardInfo[]> {
  const lines = sorted.map(encodeEntry);
  const paths = sorted.map((e) => e.path);
  const limit = new ConcurrencyLimit(store.concurrency);
  const pieces = cutShards(paths, lines, cut).map(([start, end]) =>
    limit.run(() => store.storeShard(sorted.slice(start, end), lines.slice(start, end))),
  );
  return Promise.all(pieces);
}
