/**
 * Conversions between the body shapes the `ObjectStore` port accepts and what adapters need.
 */
import { Readable } from 'node:stream';
import type { ObjectBody } from './object-store.js';

/** True for bodies held in memory (their length is known without reading them). */
export function isInMemoryBody(body: ObjectBody): body is Buffer | Uint8Array {
  return body instanceof Uint8Array;
}

/** A Buffer view of in-memory bytes, without copying. */
export function asBuffer(bytes: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A node `Readable` over any body shape. */
export function toReadable(body: ObjectBody): Readable {
  if (body instanceof Uint8Array) return Readable.from([asBuffer(body)]);
  if (body instanceof Readable) return body;
  return Readable.from(body as AsyncIterable<Buffer>);
}

/** Reads a stream to its end into one buffer. */
export async function readAllBytes(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) {
    parts.push(typeof part === 'string' ? Buffer.from(part) : asBuffer(part as Uint8Array));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
