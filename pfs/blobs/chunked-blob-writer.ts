/**
 * Stores a large file as fixed-size chunks at `chunks/<sha256>`, streaming: the file is read
 * once, hashed whole on the way, cut into chunks that upload in parallel under a shared
 * bound, and a chunk already stored is not uploaded again. Memory holds at most one filling
 * chunk plus the chunks in flight.
 */
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../object-store/object-store.js';
import { chunkKey } from './blob-keys.js';
import type { BlobTransform } from './blob-transform.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';
import type { ChunkedContentRef, ChunkRef } from './content-ref.js';
import type { KnownHashes } from './known-hashes.js';

export interface ChunkWriteContext {
  objects: ObjectStore;
  chunkSize: number;
  /** Shared bound on chunk uploads in flight across every file of the store. */
  uploads: ConcurrencyLimit;
  /** Chunks known to be stored already, to skip even the existence check. */
  knownChunks: KnownHashes;
}

/** Reads `source` to its end and returns the chunked content ref once every chunk is stored. */
export async function writeChunkedBlob(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ctx: ChunkWriteContext,
  transform?: BlobTransform,
): Promise<ChunkedContentRef> {
  const whole = createHash('sha256');
  const chunks: ChunkRef[] = [];
  const uploads: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;
  let size = 0;

  const submit = async (data: Buffer): Promise<void> => {
    const index = chunks.push({ hash: '', size: data.length }) - 1;
    const release = await ctx.uploads.acquire();
    if (failure) return release();
    const upload = storeChunk(data, ctx, transform).then(
      (hash) => void (chunks[index] = { hash, size: data.length }),
      (error: unknown) => void (failure ??= { error }),
    );
    uploads.push(upload.finally(release));
  };

  try {
    const cutter = new ChunkCutter(ctx.chunkSize);
    for await (const piece of source) {
      whole.update(piece);
      size += piece.length;
      for (const chunk of cutter.push(piece)) await submit(chunk);
      if (failure) break;
    }
    const rest = cutter.finish();
    if (rest && !failure) await submit(rest);
  } finally {
    await Promise.allSettled(uploads);
  }
  if (failure) throw (failure as { error: unknown }).error;
  const ref: ChunkedContentRef = { hash: whole.digest('hex'), size, chunks };
  return transform ? { ...ref, transform: transform.id } : ref;
}

async function storeChunk(data: Buffer, ctx: ChunkWriteContext, transform?: BlobTransform): Promise<string> {
  const stored = transform ? await transform.encode(data) : data;
  const hash = createHash('sha256').update(stored).digest('hex');
  if (ctx.knownChunks.has(hash)) return hash;
  const key = chunkKey(hash);
  if ((await ctx.objects.head(key)) === null) await ctx.objects.put(key, stored, { contentLength: stored.length });
  ctx.knownChunks.add(hash);
  return hash;
}

/** Cuts a byte stream into fixed-size chunks; whole pieces pass through without copying. */
class ChunkCutter {
  private buffer: Buffer | null = null;
  private filled = 0;

  constructor(private readonly chunkSize: number) {}

  *push(piece: Uint8Array): Generator<Buffer> {
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let offset = 0;
    while (offset < bytes.length) {
      if (this.filled === 0 && bytes.length - offset >= this.chunkSize) {
        yield bytes.subarray(offset, offset + this.chunkSize);
        offset += this.chunkSize;
        continue;
      }
      const buffer = (this.buffer ??= Buffer.allocUnsafe(this.chunkSize));
      const n = Math.min(this.chunkSize - this.filled, bytes.length - offset);
      bytes.copy(buffer, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.chunkSize) {
        this.buffer = null;
        this.filled = 0;
        yield buffer;
      }
    }
  }

  finish(): Buffer | null {
    if (this.filled === 0 || !this.buffer) return null;
    return this.buffer.subarray(0, this.filled);
  }
}
