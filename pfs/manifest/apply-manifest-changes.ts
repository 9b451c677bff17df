/**
 * Edits a tree by rewriting only the shards its changes touch. Touched shards are re-cut
 * together with their neighbours up to the nearest natural cuts on both sides, so the result
 * is exactly the manifest a full rewrite would produce (same shards, same root hash), while
 * every untouched shard is shared with the base by hash.
 */
import { ConcurrencyLimit } from '../blobs/concurrency-limit.js';
import { comparePaths, sortEntries, type ManifestEntry } from './manifest-entry.js';
import { buildRoot, shardIndexFor, shardOverlapsPrefix, shardWithinPrefix, type ShardInfo } from './manifest-root.js';
import type { ManifestStore } from './manifest-store.js';
import { isNaturalCut, type ShardCutParams } from './shard-cut.js';
import { storeShards } from './write-manifest.js';

export interface ManifestChanges {
  /** Entries to add or replace; a path given twice keeps the last. */
  puts?: Iterable<ManifestEntry>;
  /** Exact paths to remove; missing paths are ignored. */
  deletes?: Iterable<string>;
  /** Remove every path starting with one of these (e.g. `/logs/`). */
  deletePrefixes?: Iterable<string>;
}

/** The changes that fall into one shard of the base. */
interface ShardChanges {
  puts: ManifestEntry[];
  deletes: Set<string>;
  prefixes: string[];
}

/**
 * Applies `changes` to the tree at `baseRoot` (null: the empty tree) and returns the new
 * root hash. Deletions apply first, then puts, so a path both deleted and put is replaced.
 */
export async function applyChanges(store: ManifestStore, baseRoot: string | null, changes: ManifestChanges): Promise<string> {
  const base = await store.loadRoot(baseRoot);
  const planned = planChanges(base.shards, changes);
  const rewritten = await rewriteTouched(new ShardSource(store, base.shards, planned), planned, base.cut);
  return store.storeRoot(buildRoot(base.cut, rewritten));
}

function planChanges(shards: readonly ShardInfo[], changes: ManifestChanges): Map<number, ShardChanges> {
  const planned = new Map<number, ShardChanges>();
  const at = (index: number) => {
    let c = planned.get(index);
    if (!c) planned.set(index, (c = { puts: [], deletes: new Set(), prefixes: [] }));
    return c;
  };
  const last = shards.length - 1;
  for (const entry of sortEntries(changes.puts ?? [], true)) at(Math.min(shardIndexFor(shards, entry.path), Math.max(last, 0))).puts.push(entry);
  for (const path of changes.deletes ?? []) {
    const index = shardIndexFor(shards, path);
    const shard = shards[index];
    if (shard && shard.first <= path) at(index).deletes.add(path);
  }
  for (const prefix of changes.deletePrefixes ?? []) {
    for (let i = shardIndexFor(shards, prefix); i <= last && shardOverlapsPrefix(shards[i]!, prefix); i++) at(i).prefixes.push(prefix);
  }
  return planned;
}

/** The base's shards with their changes applied; touched shards are fetched in parallel up front. */
class ShardSource {
  private readonly preloaded = new Map<number, Promise<ManifestEntry[]>>();

  constructor(
    readonly store: ManifestStore,
    readonly shards: readonly ShardInfo[],
    private readonly planned: Map<number, ShardChanges>,
  ) {
    const limit = new ConcurrencyLimit(store.concurrency);
    for (const [index, changes] of planned) {
      const shard = shards[index];
      if (!shard || changes.prefixes.some((p) => shardWithinPrefix(shard, p))) continue;
      const loading = limit.run(() => store.loadShard(shard.hash));
      loading.catch(() => {});
      this.preloaded.set(index, loading);
    }
  }

  /** Shard `index`'s entries with its changes applied, in path order. */
  async entries(index: number): Promise<ManifestEntry[]> {
    const shard = this.shards[index]!;
    const changes = this.planned.get(index);
    if (changes?.prefixes.some((p) => shardWithinPrefix(shard, p))) return changes.puts;
    const entries = await (this.preloaded.get(index) ?? this.store.loadShard(shard.hash));
    this.preloaded.delete(index);
    if (!changes) return entries;
    const kept = entries.filter((e) => !changes.deletes.has(e.path) && !changes.prefixes.some((p) => e.path.startsWith(p)));
    return mergeByPath(kept, changes.puts);
  }
}

async function rewriteTouched(source: ShardSource, planned: Map<number, ShardChanges>, cut: ShardCutParams): Promise<ShardInfo[]> {
  const { store, shards } = source;
  if (shards.length === 0) {
    const puts = planned.get(0)?.puts ?? [];
    return puts.length === 0 ? [] : storeShards(store, puts, cut);
  }
  const out: (ShardInfo | Promise<ShardInfo[]>)[] = [];
  let i = 0;
  while (i < shards.length) {
    if (!planned.has(i)) {
      out.push(shards[i++]!);
      continue;
    }
    let start = i;
    while (start > 0 && out[out.length - 1] === shards[start - 1] && !isNaturalCut(shards[start - 1]!.last, cut)) {
      out.pop();
      start--;
    }
    const run = await collectRun(source, planned, start, cut);
    out.push(storeShards(store, run.entries, cut));
    i = run.end;
  }
  const resolved = await Promise.all(out.map((x) => (x instanceof Promise ? x : Promise.resolve([x]))));
  return resolved.flat();
}

/**
 * The entries of the shards from `start` (which follows a natural cut) on, with changes
 * applied, through every touched shard and on to the next natural cut; `end` is the first
 * shard not taken.
 */
async function collectRun(
  source: ShardSource,
  planned: Map<number, ShardChanges>,
  start: number,
  cut: ShardCutParams,
): Promise<{ entries: ManifestEntry[]; end: number }> {
  const entries: ManifestEntry[] = [];
  let j = start;
  for (;;) {
    for (const e of await source.entries(j)) entries.push(e);
    j++;
    if (j >= source.shards.length) break;
    if (planned.has(j)) continue;
    const tail = entries[entries.length - 1];
    if (!tail || isNaturalCut(tail.path, cut)) break;
  }
  return { entries, end: j };
}

/** Merges two path-ordered lists; on equal paths the entry from `puts` wins. */
function mergeByPath(kept: readonly ManifestEntry[], puts: readonly ManifestEntry[]): ManifestEntry[] {
  if (puts.length === 0) return kept as ManifestEntry[];
  const merged: ManifestEntry[] = [];
  let a = 0;
  let b = 0;
  while (a < kept.length || b < puts.length) {
    const order = a >= kept.length ? 1 : b >= puts.length ? -1 : comparePaths(kept[a]!.path, puts[b]!.path);
    if (order < 0) merged.push(kept[a++]!);
    else {
      if (order === 0) a++;
      merged.push(puts[b++]!);
    }
  }
  return merged;
}
