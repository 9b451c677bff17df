import type { Readable } from 'node:stream';

/** What can be split: a stream, a whole buffer, or any async iterable of bytes or text. */
export type SplitInput = Readable | Buffer | Uint8Array | AsyncIterable<Uint8Array | string>;

/** Slices of a buffer input, so that a large buffer is scanned like a stream. */
const SLICE_BYTES = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The input as a sequence of byte chunks, with a leading UTF-8 byte-order mark removed
 * (even when it is cut across chunks). Buffers are sliced, not copied.
 */
export async function* inputChunks(input: SplitInput): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of rawChunks(input)) {
    if (head === undefined) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    const body = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    head = undefined;
    if (body.length > 0) yield body;
  }
  // Input shorter than a byte-order mark: keep its bytes as they are.
  if (head !== undefined && head.length > 0) yield head;
}

async function* rawChunks(input: SplitInput): AsyncGenerator<Buffer> {
  if (input instanceof Uint8Array) {
    const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    for (let at = 0; at < buffer.length; at += SLICE_BYTES) yield buffer.subarray(at, at + SLICE_BYTES);
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buffer.length > 0) yield buffer;
  }
}
