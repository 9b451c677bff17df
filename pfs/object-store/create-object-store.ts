/**
 * Chooses the object store adapter the configuration names: S3 (or MinIO) when an endpoint
 * is configured or `STEMMA_OBJECT_STORE=s3`, the local disk otherwise.
 */
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { createLocalDiskObjectStore } from './local-disk-object-store.js';
import type { ObjectStore } from './object-store.js';
import { createS3ObjectStore } from './s3-object-store.js';

/** The `objectStore` part of `loadConfig(['objectStore'])`. */
export type ObjectStoreConfig = Config<'objectStore'>['objectStore'];

export interface CreateObjectStoreOptions {
  /** Key prefix applied to every key, e.g. `test-<uuid>/`. */
  prefix?: string;
  logger?: Logger;
}

export function createObjectStore(config: ObjectStoreConfig, opts: CreateObjectStoreOptions = {}): ObjectStore {
  if (config.kind === 's3') return createS3ObjectStore(config.s3, { prefix: opts.prefix, logger: opts.logger });
  return createLocalDiskObjectStore({ dir: config.localDir, prefix: opts.prefix });
}
