/**
 * The seam for envelope encryption: a transform encodes each stored unit of a file (one chunk
 * of a large file, or a whole small file) on write and decodes it on read. Content hashes stay
 * those of the plain bytes; the stored object is addressed by the hash of the encoded bytes,
 * and files under different transforms never share stored bytes, so destroying one
 * transform's key makes exactly its files unreadable.
 */

export interface BlobTransform {
  /**
   * Stable id recorded in each content ref (`ContentRef.transform`), from which a reader
   * resolves the transform again, e.g. `envelope:<subject>:<key version>`.
   */
  readonly id: string;
  /** Encodes one unit of plain bytes for storage (e.g. encrypts with a data key). */
  encode(plain: Buffer): Promise<Buffer>;
  /**
   * Decodes one stored unit back to the plain bytes. Throws `ErasedError` when the key is
   * gone.
   */
  decode(stored: Buffer): Promise<Buffer>;
}

/** Finds the transform a content ref names; throws `ErasedError` when it no longer exists. */
export type BlobTransformResolver = (id: string) => BlobTransform | Promise<BlobTransform>;
