/**
 * Reads content back from its ref: a packed file is one ranged read of its pack; a chunked
 * file streams its chunks in order with a few fetched ahead, so a large file reads at the
 * store's parallel speed in bounded memory. Ranges may start and end anywhere, across chunks.
 */
import { Readable } from 'node:stream';
import { FailedPreconditionError, InvalidArgumentError } from '../../core/errors.js';
import type { ByteRange, ObjectStore } from '../object-store/object-store.js';
import { chunkKey, packKey } from './blob-keys.js';
import type { BlobTransform, BlobTransformResolver } from './blob-transform.js';
import { isPackedRef, type ChunkedContentRef, type ContentRef, type PackedContentRef } from './content-ref.js';

export interface ReadOptions {
  range?: ByteRange;
  /** The transform the content was written with; otherwise resolved from `ref.transform`. */
  transform?: BlobTransform;
}

/** One stored unit (a chunk, or a file in a pack) and the part of its decoded bytes to read. */
export interface Span {
  key: string;
  /** Where the unit's stored bytes sit in the object; the whole object when absent. */
  stored?: ByteRange;
  /** Decoded length of the unit. */
  unitSize: number;
  /** First and last (inclusive) decoded byte to read. */
  start: number;
  end: number;
}

export class BlobReader {
  constructor(
    private readonly objects: ObjectStore,
    private readonly readAhead: number,
    private readonly resolveTransform?: BlobTransformResolver,
  ) {}

  async open(ref: ContentRef, opts: ReadOptions = {}): Promise<Readable> {
    const range = clampRange(ref, opts.range);
    if (!range) return Readable.from([]);
    const transform = await this.transformFor(ref, opts.transform);
    if (isPackedRef(ref) && !transform) {
      return this.objects.get(packKey(ref.pack.id), { start: ref.pack.offset + range.start, end: ref.pack.offset + range.end });
    }
    const spans = isPackedRef(ref) ? [packSpan(ref, range)] : chunkSpans(ref, range);
    return Readable.from(this.fetchInOrder(spans, transform), { objectMode: false });
  }

  /** Decoded bytes of one span: a ranged read for plain bytes, the whole unit when transformed. */
  private async fetchSpan(span: Span, transform: BlobTransform | undefined): Promise<Buffer> {
    if (transform) {
      const plain = await transform.decode(await this.objects.getBuffer(span.key, span.stored));
      return plain.subarray(span.start, span.end + 1);
    }
    const base = span.stored?.start ?? 0;
    const whole = !span.stored && span.start === 0 && span.end === span.unitSize - 1;
    return this.objects.getBuffer(span.key, whole ? undefined : { start: base + span.start, end: base + span.end });
  }

  private async transformFor(ref: ContentRef, given: BlobTransform | undefined): Promise<BlobTransform | undefined> {
    if (ref.transform === undefined) return undefined;
    if (given) {
      if (given.id !== ref.transform) {
        throw new InvalidArgumentError(`content ${ref.hash} was written with transform ${ref.transform}, not ${given.id}`);
      }
      return given;
    }
    if (!this.resolveTransform) {
      throw new FailedPreconditionError(
        `content ${ref.hash} is encoded by transform ${ref.transform}; pass the transform or configure resolveTransform`,
      );
    }
    return this.resolveTransform(ref.transform);
  }

  private async *fetchInOrder(spans: Span[], transform: BlobTransform | undefined): AsyncGenerator<Buffer> {
    const inflight: Promise<Buffer>[] = [];
    let next = 0;
    const launch = () => {
      const fetched = this.fetchSpan(spans[next++]!, transform);
      fetched.catch(() => {});
      inflight.push(fetched);
    };
    while (next < spans.length && inflight.length < this.readAhead) launch();
    while (inflight.length > 0) {
      const bytes = await inflight.shift()!;
      if (next < spans.length) launch();
      yield bytes;
    }
  }
}

/** The inclusive range to read, or null when there is nothing to read (empty content). */
export function clampRange(ref: ContentRef, range: ByteRange | undefined): { start: number; end: number } | null {
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? ref.size - 1, ref.size - 1);
  if (!Number.isSafeInteger(start) || start < 0 || (range?.end !== undefined && range.end < start)) {
    throw new InvalidArgumentError(`byte range ${start}-${range?.end ?? ''}: must be non-negative and ordered`, { range });
  }
  if (ref.size === 0 && start === 0) return null;
  if (start >= ref.size) {
    throw new InvalidArgumentError(`byte range starting at ${start} lies past the end of content ${ref.hash} (size ${ref.size})`);
  }
  return { start, end };
}

export function packSpan(ref: PackedContentRef, range: { start: number; end: number }): Span {
  const { id, offset, length } = ref.pack;
  const stored = { start: offset, end: offset + length - 1 };
  return { key: packKey(id), stored, unitSize: ref.size, start: range.start, end: range.end };
}

/** The chunks overlapping `range`, each with the part of it to read. */
export function chunkSpans(ref: ChunkedContentRef, range: { start: number; end: number }): Span[] {
  const spans: Span[] = [];
  let chunkStart = 0;
  for (const chunk of ref.chunks) {
    const chunkEnd = chunkStart + chunk.size - 1;
    if (chunkEnd >= range.start && chunkStart <= range.end) {
      spans.push({
        key: chunkKey(chunk.hash),
        start: Math.max(range.start, chunkStart) - chunkStart,
        end: Math.min(range.end, chunkEnd) - chunkStart,
        unitSize: chunk.size,
      });
    }
    if (chunkStart > range.end) break;
    chunkStart += chunk.size;
  }
  return spans;
}
