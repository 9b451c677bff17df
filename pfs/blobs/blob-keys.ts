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

const PACK_TIME_DIGITS = 9;

/** A new pack id: time-ordered (its first 9 characters are the time in base 36), random enough never to collide. */
export function newPackId(now = Date.now()): string {
  return `${packTimeKey(now)}-${randomBytes(10).toString('hex')}`;
}

/** When a pack was opened, from its id; null for an id not made by `newPackId`. */
export function packIdTime(id: string): number | null {
  if (id.length <= PACK_TIME_DIGITS || id[PACK_TIME_DIGITS] !== '-') return null;
  const ms = Number.parseInt(id.slice(0, PACK_TIME_DIGITS), 36);
  return Number.isSafeInteger(ms) && packTimeKey(ms) === id.slice(0, PACK_TIME_DIGITS) ? ms : null;
}

/** The key a listing starts after to see every pack opened at `ms` or later (keys sort by time). */
export function packListStartAt(ms: number): string {
  return `${PACK_PREFIX}${packTimeKey(Math.max(0, Math.floor(ms)))}`;
}

function packTimeKey(ms: number): string {
  return ms.toString(36).padStart(PACK_TIME_DIGITS, '0');
}
