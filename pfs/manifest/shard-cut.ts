/**
 * Where a manifest is cut into shards. A shard ends after an entry whose path hash has its
 * low `bits` bits zero (content-defined: it depends on that path alone), or when it reaches
 * `maxEntries` entries or `maxBytes` encoded bytes. Because cuts depend on paths and not on
 * positions, changing or inserting one path rewrites only its shard and the manifest of a
 * given set of entries is the same whatever edits produced it.
 */

export interface ShardCutParams {
  /** Cut after a path whose hash has this many low bits zero: ~2^bits entries per shard. */
  bits: number;
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_SHARD_CUT: ShardCutParams = { bits: 10, maxEntries: 4096, maxBytes: 4 * 1024 * 1024 };

/** 32-bit FNV-1a over UTF-16 code units, finished with murmur3's mixer for well-spread low bits. */
export function pathHash32(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** True when a shard always ends after `path`. */
export function isNaturalCut(path: string, params: ShardCutParams): boolean {
  const mask = (1 << params.bits) - 1;
  return (pathHash32(path) & mask) === 0;
}

/**
 * Splits encoded entry lines (in path order) into shards, greedily: each shard ends at a
 * natural cut or when a limit is reached. Returns the index ranges `[start, end)`.
 */
export function cutShards(paths: readonly string[], lines: readonly string[], params: ShardCutParams): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < paths.length; i++) {
    bytes += lines[i]!.length + 1;
    const count = i - start + 1;
    if (isNaturalCut(paths[i]!, params) || count >= params.maxEntries || bytes >= params.maxBytes) {
      ranges.push([start, i + 1]);
      start = i + 1;
      bytes = 0;
    }
  }
  if (start < paths.length) ranges.push([start, paths.length]);
  return ranges;
}
