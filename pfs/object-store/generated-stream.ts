/**
 * Deterministic byte streams for tests and benchmarks: `size` pseudo-random bytes from a seed,
 * produced lazily so that a large stream never sits in memory, and hashing helpers to compare
 * what was written with what is read back.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** A stream of `size` pseudo-random bytes (a function of `seed`), of unknown length to readers. */
export function generatedStream(size: number, seed = 1, piece = 256 * 1024): Readable {
  return Readable.from(generatedPieces(size, seed, piece));
}

function* generatedPieces(size: number, seed: number, piece: number): Generator<Buffer> {
  let state = seed >>> 0;
  for (let produced = 0; produced < size; ) {
    const n = Math.min(piece, size - produced);
    const buf = Buffer.allocUnsafe(n);
    const words = n >>> 2;
    for (let w = 0; w < words; w++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      buf.writeUInt32LE(state, w << 2);
    }
    for (let i = words << 2; i < n; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      buf[i] = state & 0xff;
    }
    produced += n;
    yield buf;
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hash and length of everything a stream yields. */
export async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<{ hash: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const part of stream) {
    h.update(part);
    size += part.length;
  }
  return { hash: h.digest('hex'), size };
}
