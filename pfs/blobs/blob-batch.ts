/**
 * A write session: files added to a batch share packs, so many small files cost a few
 * objects; the same content added twice (in this batch, or stored before and found in the
 * `BlobIndex`) is stored once. Refs returned by `add` are readable once `flush` resolves.
 */
import { createHash } from 'node:crypto';
import { toReadable } from '../object-store/object-body.js';
import type { ObjectBody } from '../object-store/object-store.js';
import type { BlobIndex } from './blob-index.js';
import type { BlobTransform } from './blob-transform.js';
import { writeChunkedBlob, type ChunkWriteContext } from './chunked-blob-writer.js';
import { EMPTY_CONTENT_HASH, type ContentRef, type PackedContentRef } from './content-ref.js';
import type { PackWriter } from './pack-writer.js';

export interface AddOptions {
  /** Encodes the stored bytes (the envelope-encryption seam); recorded in the ref. */
  transform?: BlobTransform;
  /** Expected size of a streamed body: at or above the small-file limit it is chunked at once. */
  sizeHint?: number;
}

export interface BlobBatchContext {
  chunks: ChunkWriteContext;
  index: BlobIndex;
  /** Files smaller than this are packed; larger ones are chunked. */
  smallFileLimit: number;
  /** Brings the index up to date before the first lookup. */
  prepareIndex(): Promise<void>;
}

export class BlobBatch {
  private readonly pending = new Map<string, Promise<PackedContentRef>>();
  private indexReady: Promise<void> | null = null;

  constructor(
    private readonly ctx: BlobBatchContext,
    private readonly packs: PackWriter,
  ) {}

  /** Stores one file's content (bytes or a stream) and returns its ref. */
  async add(body: ObjectBody | AsyncIterable<Uint8Array>, opts: AddOptions = {}): Promise<ContentRef> {
    if (body instanceof Uint8Array) return this.addBytes(Buffer.from(body.buffer, body.byteOffset, body.byteLength), opts);
    const source = toReadable(body as ObjectBody) as AsyncIterable<Uint8Array>;
    if ((opts.sizeHint ?? 0) >= this.ctx.smallFileLimit) return writeChunkedBlob(source, this.ctx.chunks, opts.transform);
    const iterator = source[Symbol.asyncIterator]();
    const head: Uint8Array[] = [];
    let headSize = 0;
    while (headSize < this.ctx.smallFileLimit) {
      const step = await iterator.next();
      if (step.done) return this.addBytes(Buffer.concat(head, headSize), opts);
      head.push(step.value);
      headSize += step.value.length;
    }
    return writeChunkedBlob(prepend(head, iterator), this.ctx.chunks, opts.transform);
  }

  /** Stores every file still held in memory and waits until all refs are readable. */
  async flush(): Promise<void> {
    await this.packs.flush();
  }

  private async addBytes(bytes: Buffer, opts: AddOptions): Promise<ContentRef> {
    if (bytes.length === 0) return { hash: EMPTY_CONTENT_HASH, size: 0, chunks: [] };
    if (bytes.length >= this.ctx.smallFileLimit) return writeChunkedBlob([bytes], this.ctx.chunks, opts.transform);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const key = opts.transform ? `${hash}\u0000${opts.transform.id}` : hash;
    let ref = this.pending.get(key);
    if (!ref) {
      ref = this.packSmall(bytes, hash, opts.transform);
      this.pending.set(key, ref);
      ref.catch(() => this.pending.delete(key));
    }
    return ref;
  }

  private async packSmall(bytes: Buffer, hash: string, transform?: BlobTransform): Promise<PackedContentRef> {
    this.indexReady ??= this.ctx.prepareIndex();
    await this.indexReady;
    const known = this.ctx.index.lookup(hash, transform?.id);
    const withTransform = (ref: PackedContentRef) => (transform ? { ...ref, transform: transform.id } : ref);
    if (known) return withTransform({ hash, size: known.size, pack: known.pack });
    const stored = transform ? await transform.encode(bytes) : bytes;
    const pack = await this.packs.append(stored, { hash, size: bytes.length, transform: transform?.id });
    return withTransform({ hash, size: bytes.length, pack });
  }
}

async function* prepend(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    for (let step = await rest.next(); !step.done; step = await rest.next()) yield step.value;
  } finally {
    await rest.return?.();
  }
}
