/**
 * The content store a pipeline worker reads datum inputs from and writes datum outputs to:
 * the file system's content-addressed store, except that it never lists the bucket. The
 * file system's store keeps an index of the small files stored (which only saves bytes: a
 * miss stores a duplicate, never a wrong file) and brings it up to date before a write when
 * it is more than a few seconds old, by listing every pack in the bucket and reading the
 * index of each pack it has not seen: on a shared bucket, seconds on a job's path, and a
 * first write of a new process that grows with the bucket. The worker's index holds what
 * the worker itself stored; outputs equal to files stored by others are stored again.
 */
import type { Logger } from '../../core/logger.js';
import { createBlobStore, type BlobTransformResolver, type ObjectStore } from '../../pfs/storage.js';
import type { ContentStore } from '../../pfs/tree-store.js';

export interface WorkerContentStoreOptions {
  resolveTransform?: BlobTransformResolver;
  logger: Logger;
}

export function createWorkerContentStore(objects: ObjectStore, opts: WorkerContentStoreOptions): ContentStore {
  const blobs = createBlobStore(withoutListing(objects), { logger: opts.logger, ...(opts.resolveTransform ? { resolveTransform: opts.resolveTransform } : {}) });
  return {
    writeStream: (body, sizeHint, write = {}) => blobs.writeFile(body, { ...write, ...(sizeHint === undefined ? {} : { sizeHint }) }),
    batch() {
      const batch = blobs.beginBatch();
      return { add: (bytes, write) => batch.add(bytes, write), flush: () => batch.flush() };
    },
    read: (ref, range) => blobs.read(ref, range ? { range } : {}),
  };
}

/** The object store, with a listing that is always empty: the blob store lists only to learn what others stored. */
function withoutListing(objects: ObjectStore): ObjectStore {
  return {
    put: (key, body, putOpts) => objects.put(key, body, putOpts),
    get: (key, range) => objects.get(key, range),
    getBuffer: (key, range) => objects.getBuffer(key, range),
    head: (key) => objects.head(key),
    delete: (key) => objects.delete(key),
    deleteMany: (keys) => objects.deleteMany(keys),
    async *list() {
      // nothing: see the module's description
    },
    describe: () => objects.describe(),
    close: async () => undefined,
  };
}
