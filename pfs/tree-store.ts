/**
 * The two storage ports the commit engine needs: content (bytes by hash) and trees
 * (a commit's manifest). Adapters over pfs/blobs and pfs/manifest implement them.
 */
import type { Readable } from 'node:stream';
import type { BlobTransform } from './blobs/blob-transform.js';
import type { ContentRef } from './blobs/content-ref.js';

export type { ContentRef } from './blobs/content-ref.js';

export interface TreeEntry {
  path: string;
  hash: string;
  size: number;
  ref: ContentRef;
  subjects?: string[];
}

export interface TreeChanges {
  puts: TreeEntry[];
  /** Exact paths to remove. */
  deletes: string[];
  /** Directories to remove with everything under them. */
  deletePrefixes: string[];
}

export interface TreeSummary {
  root: string | null;
  fileCount: number;
  sizeBytes: number;
}

export interface TreeDiff {
  added: TreeEntry[];
  removed: TreeEntry[];
  changed: { before: TreeEntry; after: TreeEntry }[];
}

export interface TreeStore {
  /** Applies changes to `base` (null: empty tree) and returns the new tree. */
  apply(base: string | null, changes: TreeChanges): Promise<TreeSummary>;
  /** Entries in path order; `prefix` limits them to a directory (or one file). */
  list(root: string | null, opts?: { prefix?: string }): AsyncIterable<TreeEntry>;
  lookup(root: string | null, path: string): Promise<TreeEntry | null>;
  diff(before: string | null, after: string | null): Promise<TreeDiff>;
}

export interface ContentWriteOptions {
  /** Encodes the stored bytes (a subject's encryption); files under different transforms share no bytes. */
  transform?: BlobTransform;
}

export interface ContentBatch {
  /** Stores a small file's bytes (packed with others); deduplicated by hash (and transform). */
  add(bytes: Buffer, opts?: ContentWriteOptions): Promise<ContentRef>;
  /** Makes everything added durable. */
  flush(): Promise<void>;
}

export interface ContentStore {
  /** Streams a file of any size into the store; never holds it whole in memory. */
  writeStream(body: Readable, sizeHint?: number, opts?: ContentWriteOptions): Promise<ContentRef>;
  batch(): ContentBatch;
  read(ref: ContentRef, range?: { start: number; end?: number }): Promise<Readable>;
}
