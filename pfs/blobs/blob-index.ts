/**
 * Which small files are already stored, and where: content hash → pack location, loaded from
 * the immutable `packs/<id>.idx` objects. A process refreshes by listing the index objects
 * it has not read yet. Pack ids begin with the time the pack was opened, so after the first
 * listing a refresh lists only the packs opened since the newest it knows (less
 * LIST_OVERLAP_MS, for indexes written late), not the whole store: a store of 13,000 packs
 * took 1.2 s to list, and every batch refreshed. The whole listing is repeated every
 * FULL_LIST_EVERY_MS. The index only saves bytes: a miss stores a duplicate, never a wrong file.
 */
import type { Logger } from '../../core/logger.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { NotFoundError } from '../../core/errors.js';
import { PACK_PREFIX, packIdOfIndexKey, packIdTime, packIndexKey, packListStartAt } from './blob-keys.js';
import { mapUnordered } from './concurrency-limit.js';
import type { PackLocation } from './content-ref.js';
import { decodePackIndex, type PackIndexEntry } from './pack-index-format.js';

export interface IndexedBlob {
  pack: PackLocation;
  size: number;
}

const LOAD_CONCURRENCY = 8;
/** A refresh lists again the packs opened this long before the newest known: a pack's index is written when the pack is full and stored. */
export const LIST_OVERLAP_MS = 10 * 60_000;
/** How often a refresh lists every pack, to find an index written later still (or by a machine whose clock is behind). */
export const FULL_LIST_EVERY_MS = 60 * 60_000;

/** The key under which a file is deduplicated: the same bytes under another transform differ. */
function dedupKey(hash: string, transform: string | undefined): string {
  return transform === undefined ? hash : `${hash}\u0000${transform}`;
}

export class BlobIndex {
  private readonly blobs = new Map<string, IndexedBlob>();
  private readonly loadedPacks = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private refreshedAt = -Infinity;
  /** When the newest pack known was opened (from its id). */
  private newestPackAt: number | null = null;
  private fullListAt = -Infinity;

  constructor(
    private readonly objects: ObjectStore,
    private readonly logger: Logger,
    /** Milliseconds since the epoch (the clock of pack ids); for tests. */
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.blobs.size;
  }

  lookup(hash: string, transform?: string): IndexedBlob | undefined {
    return this.blobs.get(dedupKey(hash, transform));
  }

  /** Adds the entries of a pack this process has just written (no need to read its index back). */
  record(packId: string, entries: readonly PackIndexEntry[]): void {
    this.loadedPacks.add(packId);
    const openedAt = packIdTime(packId);
    if (openedAt !== null && (this.newestPackAt === null || openedAt > this.newestPackAt)) this.newestPackAt = openedAt;
    for (const e of entries) {
      const key = dedupKey(e.hash, e.transform);
      if (!this.blobs.has(key)) this.blobs.set(key, { pack: { id: packId, offset: e.offset, length: e.length }, size: e.size });
    }
  }

  /** Reads the index objects written since the last refresh (by any process). */
  refresh(): Promise<void> {
    this.refreshing ??= this.loadNewIndexes().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Refreshes unless the last refresh started less than `maxAgeMs` ago. */
  async refreshIfOlderThan(maxAgeMs: number): Promise<void> {
    if (performance.now() - this.refreshedAt < maxAgeMs) return;
    await this.refresh();
  }

  private async loadNewIndexes(): Promise<void> {
    const started = performance.now();
    const now = this.clock();
    const full = this.newestPackAt === null || now - this.fullListAt >= FULL_LIST_EVERY_MS;
    // A pack id from a clock ahead of ours must not move the start past packs opened since.
    const since = full ? {} : { startAfter: packListStartAt(Math.min(this.newestPackAt!, now) - LIST_OVERLAP_MS) };
    const unread: string[] = [];
    for await (const { key } of this.objects.list(PACK_PREFIX, since)) {
      const id = packIdOfIndexKey(key);
      if (id !== null && !this.loadedPacks.has(id)) unread.push(id);
    }
    for await (const _ of mapUnordered(unread, LOAD_CONCURRENCY, (id) => this.loadPackIndex(id))) {
      // each load records its own entries
    }
    this.refreshedAt = started;
    if (full) this.fullListAt = now;
  }

  private async loadPackIndex(packId: string): Promise<void> {
    const bytes = await this.objects.getBuffer(packIndexKey(packId)).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
    if (bytes === null) return;
    const { entries, skipped } = decodePackIndex(bytes);
    if (skipped > 0) this.logger.warn({ packId, skipped }, 'skipped malformed pack index lines');
    this.record(packId, entries);
  }
}
