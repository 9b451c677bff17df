/**
 * Content-addressed storage of file contents on an `ObjectStore`: content is stored once,
 * addressed by sha256, so the same bytes in another commit, branch or repo cost no new
 * object bytes. Small files are packed, large files are chunked and streamed.
 */
import type { Readable } from 'node:stream';
import { InvalidArgumentError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { readAllBytes } from '../object-store/object-body.js';
import type { ObjectBody, ObjectStore } from '../object-store/object-store.js';
import { BlobBatch, type AddOptions } from './blob-batch.js';
import { BlobIndex } from './blob-index.js';
import { BlobReader, type ReadOptions } from './blob-reader.js';
import type { BlobTransformResolver } from './blob-transform.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { ContentRef } from './content-ref.js';
import { KnownHashes } from './known-hashes.js';
import { PackWriter } from './pack-writer.js';
import { readManyBlobs, type ReadBlob } from './read-many-blobs.js';

const MIB = 1024 * 1024;

export interface BlobStoreOptions {
  /** Size of the chunks large files are cut into (default 8 MiB). */
  chunkSize?: number;
  /** Files smaller than this are packed, larger ones chunked (default 1 MiB). */
  smallFileLimit?: number;
  /** A pack is stored once it holds this many bytes (default 16 MiB). */
  packTargetSize?: number;
  /** Chunk uploads in flight across the store (default 4): bounds memory to ~(n+1) chunks. */
  uploadConcurrency?: number;
  /** Full packs uploading at once per store (default 2). */
  packUploadConcurrency?: number;
  /** Chunks fetched ahead of the reader, and parallel reads in `readMany` (default 4). */
  readAhead?: number;
  /** How stale the small-file index may be when a batch starts (default 5 s). */
  indexMaxAgeMs?: number;
  /** Finds the transform named by a content ref when reading (envelope decryption). */
  resolveTransform?: BlobTransformResolver;
  logger?: Logger;
}

export type FileBody = ObjectBody | AsyncIterable<Uint8Array>;

export interface BlobStore {
  /** Stores one file. For many files use `beginBatch` or `writeMany`: they share packs. */
  writeFile(body: FileBody, opts?: AddOptions): Promise<ContentRef>;
  /** Stores many files in one batch; refs come back in input order. */
  writeMany(files: AsyncIterable<{ body: FileBody }> | Iterable<{ body: FileBody }>, opts?: AddOptions): Promise<ContentRef[]>;
  /** Opens a write session; its refs are readable once `flush()` resolves. */
  beginBatch(): BlobBatch;
  /** Streams a file's content, or a byte range of it (`end` inclusive). */
  read(ref: ContentRef, opts?: ReadOptions): Promise<Readable>;
  readBuffer(ref: ContentRef, opts?: ReadOptions): Promise<Buffer>;
  /** Reads many files, coalescing neighbouring small files into one request. */
  readMany(refs: readonly ContentRef[]): AsyncIterable<ReadBlob>;
  /** Loads pack indexes written since the last refresh, by this or any other process. */
  refreshIndex(): Promise<void>;
  readonly objects: ObjectStore;
}

class ContentAddressedBlobStore implements BlobStore {
  private readonly index: BlobIndex;
  private readonly reader: BlobReader;
  private readonly chunkUploads: ConcurrencyLimit;
  private readonly packUploads: ConcurrencyLimit;
  private readonly knownChunks = new KnownHashes();
  private readonly opts: Required<Omit<BlobStoreOptions, 'resolveTransform' | 'logger'>>;

  constructor(
    readonly objects: ObjectStore,
    options: BlobStoreOptions,
  ) {
    this.opts = resolveOptions(options);
    const logger = (options.logger ?? silentLogger).child({ component: 'blob-store' });
    this.index = new BlobIndex(objects, logger);
    this.reader = new BlobReader(objects, this.opts.readAhead, options.resolveTransform);
    this.chunkUploads = new ConcurrencyLimit(this.opts.uploadConcurrency);
    this.packUploads = new ConcurrencyLimit(this.opts.packUploadConcurrency);
  }

  beginBatch(): BlobBatch {
    const packs = new PackWriter(this.objects, {
      targetSize: this.opts.packTargetSize,
      uploads: this.packUploads,
      onStored: (packId, entries) => this.index.record(packId, entries),
    });
    const chunks = { objects: this.objects, chunkSize: this.opts.chunkSize, uploads: this.chunkUploads, knownChunks: this.knownChunks };
    const prepareIndex = () => this.index.refreshIfOlderThan(this.opts.indexMaxAgeMs);
    return new BlobBatch({ chunks, index: this.index, smallFileLimit: this.opts.smallFileLimit, prepareIndex }, packs);
  }

  async writeFile(body: FileBody, opts?: AddOptions): Promise<ContentRef> {
    const batch = this.beginBatch();
    const ref = await batch.add(body, opts);
    await batch.flush();
    return ref;
  }

  async writeMany(files: AsyncIterable<{ body: FileBody }> | Iterable<{ body: FileBody }>, opts?: AddOptions): Promise<ContentRef[]> {
    const batch = this.beginBatch();
    const refs: ContentRef[] = [];
    for await (const file of files) refs.push(await batch.add(file.body, opts));
    await batch.flush();
    return refs;
  }

  read(ref: ContentRef, opts?: ReadOptions): Promise<Readable> {
    return this.reader.open(ref, opts);
  }

  async readBuffer(ref: ContentRef, opts?: ReadOptions): Promise<Buffer> {
    return readAllBytes(await this.reader.open(ref, opts));
  }

  readMany(refs: readonly ContentRef[]): AsyncIterable<ReadBlob> {
    return readManyBlobs(this.objects, this.reader, refs, this.opts.readAhead);
  }

  refreshIndex(): Promise<void> {
    return this.index.refresh();
  }
}

function resolveOptions(o: BlobStoreOptions): Required<Omit<BlobStoreOptions, 'resolveTransform' | 'logger'>> {
  const resolved = {
    chunkSize: o.chunkSize ?? 8 * MIB,
    smallFileLimit: o.smallFileLimit ?? MIB,
    packTargetSize: o.packTargetSize ?? 16 * MIB,
    uploadConcurrency: o.uploadConcurrency ?? 4,
    packUploadConcurrency: o.packUploadConcurrency ?? 2,
    readAhead: o.readAhead ?? 4,
    indexMaxAgeMs: o.indexMaxAgeMs ?? 5_000,
  };
  for (const [name, value] of Object.entries(resolved)) {
    const min = name === 'indexMaxAgeMs' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(`blob store option ${name}: must be an integer >= ${min} (got ${value})`);
    }
  }
  return resolved;
}

/** Builds the content-addressed blob store over any `ObjectStore` (see `BlobStoreOptions`). */
export function createBlobStore(objects: ObjectStore, options: BlobStoreOptions = {}): BlobStore {
  return new ContentAddressedBlobStore(objects, options);
}
