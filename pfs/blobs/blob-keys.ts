/**
 * Layout of content-addressed blobs in the object store: chunks of large files at
 * `chunks/<sha256>`, packs of small files at `packs/<id>`, each with its index `packs/<id>.idx`.
 */
import { randomBytes } from 'node:crypto';

export const PACK_PREFIX = 'packs/';
const INDEX_SUFFIX = '.idx';

export function chunkKey(hash: string): string {
  return `chunks/${hash}`;
}

export function packKey(id: string): string {
  return `${PACK_PREFIX}${id}`;
}

export function packIndexKey(id: string): string {
  return `${PACK_PREFIX}${id}${INDEX_SUFFIX}`;
}

/** The pack id of an index key (`packs/<id>.idx`), or null for any other key. */
export function packIdOfIndexKey(key: string): string | null {
  if (!key.startsWith(PACK_PREFIX) || !key.endsWith(INDEX_SUFFIX)) return null;
  return key.slice(PACK_PREFIX.length, -INDEX_SUFFIX.length);
}

/** A new pack id: time-ordered (for humans listing packs), random enough never to collide. */
export function newPackId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(10).toString('hex')}`;
}
