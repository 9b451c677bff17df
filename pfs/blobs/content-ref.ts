/**
 * A file's content reference: what a manifest entry stores to find the bytes again. Content
 * is addressed by the sha256 of the whole file; small files live at a byte range of a shared
 * pack object, large files as a list of fixed-size chunks stored once each.
 */
import { z } from 'zod';

/** One chunk of a large file: `hash` addresses the stored object, `size` counts content bytes. */
export interface ChunkRef {
  hash: string;
  size: number;
}

/** Where a small file's stored bytes sit inside a pack object. */
export interface PackLocation {
  id: string;
  offset: number;
  length: number;
}

interface ContentRefBase {
  /** sha256 (hex) of the whole content, before any transform. */
  hash: string;
  /** Content length in bytes. */
  size: number;
  /** Id of the `BlobTransform` the stored bytes were encoded with; absent for plain bytes. */
  transform?: string;
}

export interface ChunkedContentRef extends ContentRefBase {
  chunks: ChunkRef[];
}

export interface PackedContentRef extends ContentRefBase {
  pack: PackLocation;
}

export type ContentRef = ChunkedContentRef | PackedContentRef;

/** sha256 of no bytes: the hash of every empty file, which needs no storage at all. */
export const EMPTY_CONTENT_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function isPackedRef(ref: ContentRef): ref is PackedContentRef {
  return 'pack' in ref;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const byteCount = z.number().int().min(0);
const base = { hash: sha256Hex, size: byteCount, transform: z.string().min(1).optional() };

/** Validates a content ref arriving from outside (an API call, a stored manifest). */
export const contentRefSchema = z.union([
  z.object({ ...base, chunks: z.array(z.object({ hash: sha256Hex, size: byteCount })) }),
  z.object({ ...base, pack: z.object({ id: z.string().min(1), offset: byteCount, length: byteCount }) }),
]);
