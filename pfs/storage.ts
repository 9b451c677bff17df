/**
 * The storage layer of the versioned file system: object stores (S3, local disk),
 * content-addressed blobs (packs and chunks), and commit-tree manifests (content-defined
 * shards shared between commits).
 */
export type {
  ByteRange,
  ObjectBody,
  ObjectInfo,
  ObjectStore,
  ObjectStoreDescription,
  PutOptions,
} from './object-store/object-store.js';
export { createObjectStore, type CreateObjectStoreOptions, type ObjectStoreConfig } from './object-store/create-object-store.js';
export { createLocalDiskObjectStore, type LocalDiskObjectStoreOptions } from './object-store/local-disk-object-store.js';
export {
  createS3ObjectStore,
  type S3ObjectStore,
  type S3ObjectStoreConfig,
  type S3ObjectStoreOptions,
} from './object-store/s3-object-store.js';
export { mapObjectStoreError, type ObjectStoreErrorContext } from './object-store/map-object-store-error.js';

export { createBlobStore, type BlobStore, type BlobStoreOptions, type FileBody } from './blobs/blob-store.js';
export type { BlobBatch, AddOptions } from './blobs/blob-batch.js';
export type { ReadOptions } from './blobs/blob-reader.js';
export type { ReadBlob } from './blobs/read-many-blobs.js';
export type { BlobTransform, BlobTransformResolver } from './blobs/blob-transform.js';
export {
  contentRefSchema,
  EMPTY_CONTENT_HASH,
  isPackedRef,
  type ChunkedContentRef,
  type ChunkRef,
  type ContentRef,
  type PackedContentRef,
  type PackLocation,
} from './blobs/content-ref.js';

export { createManifestStore, ManifestStore, type ManifestStoreOptions } from './manifest/manifest-store.js';
export { comparePaths, manifestEntry, type ManifestEntry } from './manifest/manifest-entry.js';
export type { ManifestRoot, ShardInfo } from './manifest/manifest-root.js';
export type { ShardCutParams } from './manifest/shard-cut.js';
export { writeManifest } from './manifest/write-manifest.js';
export { applyChanges, type ManifestChanges } from './manifest/apply-manifest-changes.js';
export { lookup, readManifest, type ReadManifestOptions } from './manifest/read-manifest.js';
export {
  collectManifestDiff,
  diffManifests,
  type ManifestChange,
  type ManifestDiff,
} from './manifest/diff-manifests.js';
