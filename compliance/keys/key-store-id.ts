/**
 * The identity of a key store: a random id it is given once, when it is first used, and keeps
 * for good. Subject transform ids carry it, so content a key store encrypted is never mistaken
 * for content of another store that happens to hold keys for the same subjects.
 */
import { randomBytes } from 'node:crypto';

const STORE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NEW_STORE_ID_BYTES = 12;

/** True when `storeId` can name a key store: 1 to 64 letters, digits, `_` or `-` (never ':' or '@'). */
export function isKeyStoreId(storeId: string): boolean {
  return STORE_ID.test(storeId);
}

/** A fresh random key store id (24 hex digits). */
export function newKeyStoreId(): string {
  return randomBytes(NEW_STORE_ID_BYTES).toString('hex');
}
