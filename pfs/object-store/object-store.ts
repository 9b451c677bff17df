/**
 * The object store port: a flat namespace of immutable-by-convention byte objects named by
 * plain string keys (`chunks/ab12…`, `packs/<id>.idx`). Stemma's file system keeps all of its
 * bytes behind this interface, so S3 and the local disk are two adapters of one contract
 * (see `object-store.conformance.ts`). No SDK or file-system type leaks through it, and every
 * adapter reports failures as the same `StemmaError`s (see `mapObjectStoreError`).
 */
import type { Readable } from 'node:stream';

/** What `put` accepts: bytes in memory, or a stream of bytes of known or unknown length. */
export type ObjectBody = Buffer | Uint8Array | Readable | NodeJS.ReadableStream;

/** A byte range; `end` is inclusive and defaults to the last byte of the object. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface PutOptions {
  /** Length of a streamed body when the caller knows it; lets an adapter avoid multipart. */
  contentLength?: number;
}

export interface ObjectInfo {
  key: string;
  size: number;
}

export interface ListOptions {
  /** Only keys after this one (in key order): a listing that resumes, or skips what it has seen. */
  startAfter?: string;
}

export interface ObjectStoreDescription {
  kind: 's3' | 'local';
  /** Human-readable location: `http://host:9000/bucket/prefix/` or a directory path. */
  location: string;
}

export interface ObjectStore {
  /**
   * Stores `body` under `key`, replacing any object already there. Readers never see a
   * partial object. Streams of unknown length are uploaded in parts, never buffered whole.
   */
  put(key: string, body: ObjectBody, opts?: PutOptions): Promise<{ size: number }>;

  /**
   * Opens the object (or a byte range of it) for reading.
   * @throws NotFoundError when the key does not exist.
   * @throws InvalidArgumentError when `range.start` lies past the last byte.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;

  /** Like `get`, collected into one buffer: for objects known to be small. */
  getBuffer(key: string, range?: ByteRange): Promise<Buffer>;

  /** The object's size, or `null` when it does not exist. */
  head(key: string): Promise<{ size: number } | null>;

  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;

  /** Removes many objects in as few round trips as the backend allows. */
  deleteMany(keys: readonly string[]): Promise<void>;

  /** Every object whose key starts with `prefix` (and is after `startAfter`), in ascending key order. */
  list(prefix: string, opts?: ListOptions): AsyncIterable<ObjectInfo>;

  describe(): ObjectStoreDescription;

  /** Releases connections; the store must not be used afterwards. */
  close(): Promise<void>;
}
