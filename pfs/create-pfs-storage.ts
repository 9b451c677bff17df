/**
 * Builds the commit engine's storage from an object store: content through the
 * content-addressed blob store (packs and chunks), trees through sharded manifests. With
 * `subjectTransforms`, record files of a data subject are encrypted under that subject's key
 * on write, and encrypted content is decrypted on read.
 */
import type { Logger } from '../core/logger.js';
import { createBlobStore, type BlobStore } from './blobs/blob-store.js';
import type { SubjectTransforms } from './blobs/subject-transforms.js';
import { createManifestTreeStore } from './manifest-tree-store.js';
import type { ObjectStore } from './object-store/object-store.js';
import type { ContentStore, TreeStore } from './tree-store.js';

export interface PfsStorage {
  content: ContentStore;
  trees: TreeStore;
  blobs: BlobStore;
  /** Per-subject encryption, when configured: the commit writer asks it for record files' transforms. */
  subjectTransforms?: SubjectTransforms;
}

export interface PfsStorageOptions {
  subjectTransforms?: SubjectTransforms;
}

export function createPfsStorage(objects: ObjectStore, logger?: Logger, opts: PfsStorageOptions = {}): PfsStorage {
  const { subjectTransforms } = opts;
  const blobs = createBlobStore(objects, { logger, ...(subjectTransforms ? { resolveTransform: subjectTransforms.resolveTransform } : {}) });
  const content: ContentStore = {
    writeStream: (body, sizeHint, write = {}) => blobs.writeFile(body, { ...write, ...(sizeHint === undefined ? {} : { sizeHint }) }),
    batch() {
      const batch = blobs.beginBatch();
      return { add: (bytes, write) => batch.add(bytes, write), flush: () => batch.flush() };
    },
    read: (ref, range) => blobs.read(ref, range ? { range } : {}),
  };
  return { content, trees: createManifestTreeStore(objects), blobs, ...(subjectTransforms ? { subjectTransforms } : {}) };
}
