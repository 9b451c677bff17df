/**
 * Reads and writes manifest shards and roots in the object store, content-addressed, with an
 * in-memory LRU of parsed shards: a shard is immutable, so a cached copy is never stale, and
 * a shard already stored (same hash) is never uploaded twice.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { NotFoundError } from '../../core/errors.js';
import { KnownHashes } from '../blobs/known-hashes.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { LruCache } from './lru-cache.js';
import { decodeShardText, encodeShardText } from './manifest-entry-codec.js';
import type { ManifestEntry } from './manifest-entry.js';
import { buildRoot, decodeRoot, encodeRoot, rootKey, shardKey, type ManifestRoot, type ShardInfo } from './manifest-root.js';
import { DEFAULT_SHARD_CUT, type ShardCutParams } from './shard-cut.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface ManifestStoreOptions {
  /** Parsed shards kept in memory (default 256, ~1000 entries each); 0 disables the cache. */
  cacheShards?: number;
  /** Shard cut parameters for new manifests (edits keep those of their base). */
  cut?: Partial<ShardCutParams>;
  /** Shards read or written in parallel (default 8). */
  concurrency?: number;
}

export class ManifestStore {
  readonly cut: ShardCutParams;
  readonly concurrency: number;
  private readonly shards: LruCache<string, ManifestEntry[]>;
  private readonly roots = new LruCache<string, ManifestRoot>(64);
  private readonly loading = new Map<string, Promise<ManifestEntry[]>>();
  private readonly storedShards = new KnownHashes(50_000);

  constructor(
    readonly objects: ObjectStore,
    opts: ManifestStoreOptions = {},
  ) {
    this.cut = { ...DEFAULT_SHARD_CUT, ...opts.cut };
    this.concurrency = opts.concurrency ?? 8;
    this.shards = new LruCache(opts.cacheShards ?? 256);
  }

  /** The root of a stored tree; `null` stands for the empty tree. */
  async loadRoot(hash: string | null): Promise<ManifestRoot> {
    if (hash === null) return buildRoot(this.cut, []);
    const cached = this.roots.get(hash);
    if (cached) return cached;
    const bytes = await this.objects.getBuffer(rootKey(hash)).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError(`manifest root ${hash} not found`, { hash });
      throw err;
    });
    const root = decodeRoot(bytes.toString('utf8'), hash);
    this.roots.set(hash, root);
    return root;
  }

  /** A shard's entries in path order. Callers must not modify them: they are shared. */
  loadShard(hash: string): Promise<ManifestEntry[]> {
    const cached = this.shards.get(hash);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(hash);
    if (!pending) {
      pending = this.fetchShard(hash).finally(() => this.loading.delete(hash));
      this.loading.set(hash, pending);
    }
    return pending;
  }

  /** Stores a shard of entries (with their encoded lines) unless the same shard exists. */
  async storeShard(entries: ManifestEntry[], lines: readonly string[]): Promise<ShardInfo> {
    const text = encodeShardText(lines);
    const hash = createHash('sha256').update(text).digest('hex');
    if (!this.shards.has(hash) && !this.storedShards.has(hash)) {
      const body = await gzipAsync(Buffer.from(text, 'utf8'));
      await this.objects.put(shardKey(hash), body, { contentLength: body.length });
      this.storedShards.add(hash);
    }
    this.shards.set(hash, entries);
    let bytes = 0;
    for (const e of entries) bytes += e.size;
    return { first: entries[0]!.path, last: entries[entries.length - 1]!.path, count: entries.length, bytes, hash };
  }

  /** Stores a root (after all its shards) and returns its hash: the tree's id. */
  async storeRoot(root: ManifestRoot): Promise<string> {
    const text = encodeRoot(root);
    const hash = createHash('sha256').update(text).digest('hex');
    if (!this.roots.has(hash)) await this.objects.put(rootKey(hash), Buffer.from(text, 'utf8'));
    this.roots.set(hash, root);
    return hash;
  }

  private async fetchShard(hash: string): Promise<ManifestEntry[]> {
    const stored = await this.objects.getBuffer(shardKey(hash));
    const entries = decodeShardText((await gunzipAsync(stored)).toString('utf8'));
    this.shards.set(hash, entries);
    return entries;
  }
}

export function createManifestStore(objects: ObjectStore, opts?: ManifestStoreOptions): ManifestStore {
  return new ManifestStore(objects, opts);
}
