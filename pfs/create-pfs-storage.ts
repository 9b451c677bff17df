/**
 * Builds the commit engine's storage from an object store: content through the
 * content-addressed blob store (packs and chunks), trees through sharded manifests.
 */
import type { Logger } from '../core/logger.js';
import { createBlobStore, type BlobStore } from './blobs/blob-store.js';
import { createManifestTreeStore } from './manifest-tree-store.js';
import type { ObjectStore } from './object-store/object-store.js';
import type { ContentStore, TreeStore } from './tree-store.js';

export interface PfsStorage {
  content: ContentStore;
  trees: TreeStore;
  blobs: BlobStore;
}

export function createPfsStorage(objects: ObjectStore, logger?: Logger): PfsStorage {
  const blobs = createBlobStore(objects, { logger });
  const content: ContentStore = {
    writeStream: (body, sizeHint) => blobs.writeFile(body, sizeHint === undefined ? {} : { sizeHint }),
    batch() {
      const batch = blobs.beginBatch();
      return { add: (bytes) => batch.add(bytes), flush: () => batch.flush() };
    },
    read: (ref, range) => blobs.read(ref, range ? { range } : {}),
  };
  return { content, trees: createManifestTreeStore(objects), blobs };
}
