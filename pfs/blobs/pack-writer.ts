/**
 * Appends small files into pack objects (`packs/<id>`) of about `targetSize` bytes, so that
 * ten thousand small files cost a handful of objects and round trips, not ten thousand. A
 * full pack is uploaded in the background (a bounded number at a time), then its index
 * `packs/<id>.idx`: an index never names a pack that is not fully stored.
 */
import type { ObjectStore } from '../object-store/object-store.js';
import { newPackId, packIndexKey, packKey } from './blob-keys.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import type { PackLocation } from './content-ref.js';
import { encodePackIndex, type PackIndexEntry } from './pack-index-format.js';

export interface PackWriterOptions {
  targetSize: number;
  /** Shared bound on pack uploads in flight (each holds one pack in memory). */
  uploads: ConcurrencyLimit;
  /** Called once a pack and its index are stored. */
  onStored(packId: string, entries: readonly PackIndexEntry[]): void;
}

interface OpenPack {
  id: string;
  parts: Buffer[];
  size: number;
  entries: PackIndexEntry[];
}

export class PackWriter {
  private current: OpenPack | null = null;
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly objects: ObjectStore,
    private readonly opts: PackWriterOptions,
  ) {}

  /**
   * Appends one file's stored bytes; the location is valid once `flush` has resolved.
   * Waits when too many full packs are still uploading.
   */
  async append(stored: Buffer, entry: Omit<PackIndexEntry, 'offset' | 'length'>): Promise<PackLocation> {
    this.throwIfFailed();
    const pack = (this.current ??= { id: newPackId(), parts: [], size: 0, entries: [] });
    const location = { id: pack.id, offset: pack.size, length: stored.length };
    pack.parts.push(stored);
    pack.size += stored.length;
    pack.entries.push({ ...entry, offset: location.offset, length: location.length });
    if (pack.size >= this.opts.targetSize) await this.seal();
    return location;
  }

  /** Stores the open pack, waits for every upload, and reports the first failure. */
  async flush(): Promise<void> {
    await this.seal();
    await Promise.allSettled([...this.pending]);
    this.throwIfFailed();
  }

  private async seal(): Promise<void> {
    const pack = this.current;
    if (!pack || pack.entries.length === 0) return;
    this.current = null;
    const release = await this.opts.uploads.acquire();
    const upload = this.store(pack)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        release();
        this.pending.delete(upload);
      });
    this.pending.add(upload);
  }

  private async store(pack: OpenPack): Promise<void> {
    const body = pack.parts.length === 1 ? pack.parts[0]! : Buffer.concat(pack.parts, pack.size);
    pack.parts = [];
    await this.objects.put(packKey(pack.id), body, { contentLength: body.length });
    await this.objects.put(packIndexKey(pack.id), encodePackIndex(pack.entries));
    this.opts.onStored(pack.id, pack.entries);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
