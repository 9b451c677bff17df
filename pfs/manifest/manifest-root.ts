/**
 * A manifest root: the ordered list of a tree's shards with their path ranges and counts,
 * plus totals and the cut parameters the shards were made with. Stored as JSON at
 * `manifests/roots/<sha256 of that JSON>`; the hash is the tree's id.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ShardCutParams } from './shard-cut.js';

export interface ShardInfo {
  /** First and last path in the shard. */
  first: string;
  last: string;
  count: number;
  /** Total content bytes of the shard's files. */
  bytes: number;
  /** sha256 of the shard's canonical text; the shard is at `manifests/shards/<hash>`. */
  hash: string;
}

export interface ManifestRoot {
  version: 1;
  cut: ShardCutParams;
  /** Number of files in the tree. */
  count: number;
  /** Total content bytes of the tree. */
  bytes: number;
  shards: ShardInfo[];
}

export const ROOT_PREFIX = 'manifests/roots/';
export const SHARD_PREFIX = 'manifests/shards/';

export const rootKey = (hash: string): string => `${ROOT_PREFIX}${hash}`;
export const shardKey = (hash: string): string => `${SHARD_PREFIX}${hash}`;

export function buildRoot(cut: ShardCutParams, shards: ShardInfo[]): ManifestRoot {
  let count = 0;
  let bytes = 0;
  for (const s of shards) {
    count += s.count;
    bytes += s.bytes;
  }
  return { version: 1, cut: { bits: cut.bits, maxEntries: cut.maxEntries, maxBytes: cut.maxBytes }, count, bytes, shards };
}

export function encodeRoot(root: ManifestRoot): string {
  const shards = root.shards.map((s) => ({ first: s.first, last: s.last, count: s.count, bytes: s.bytes, hash: s.hash }));
  return JSON.stringify({ version: root.version, cut: root.cut, count: root.count, bytes: root.bytes, shards });
}

export function decodeRoot(text: string, hash: string): ManifestRoot {
  const root = JSON.parse(text) as ManifestRoot;
  if (root?.version !== 1 || !Array.isArray(root.shards) || !root.cut) {
    throw new InvalidArgumentError(`manifest root ${hash}: unsupported format`, { hash });
  }
  return root;
}

/** Index of the first shard whose last path is >= `path` (shards.length when none). */
export function shardIndexFor(shards: readonly ShardInfo[], path: string): number {
  let lo = 0;
  let hi = shards.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (shards[mid]!.last < path) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when some path starting with `prefix` could lie in the shard. */
export function shardOverlapsPrefix(shard: ShardInfo, prefix: string): boolean {
  if (shard.last < prefix) return false;
  return shard.first <= prefix || shard.first.startsWith(prefix);
}

/** True when every path of the shard starts with `prefix`. */
export function shardWithinPrefix(shard: ShardInfo, prefix: string): boolean {
  return shard.first.startsWith(prefix) && shard.last.startsWith(prefix);
}
