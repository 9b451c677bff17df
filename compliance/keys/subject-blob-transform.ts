/**
 * The blob transform that encrypts a subject's files: each stored unit (a small file, or one
 * chunk of a large one) is `version ‖ wrapped-key length ‖ wrapped data key ‖ iv ‖ ciphertext ‖
 * tag`, AES-256-GCM with a random IV and the transform id as additional data. The wrapped data
 * key travels with the bytes, so a reader needs only the subject's master key, and once that
 * is destroyed no copy anywhere can be read.
 *
 * The transform id names the key store as well as the subject
 * (`aes256gcm:subject@<storeId>:<subjectId>`): two key stores over one bucket hold different
 * keys for the same subject, so their files must never be deduplicated into each other.
 * Ids written before key stores had ids (`aes256gcm:subject:<subjectId>`) stay readable.
 */
import { FailedPreconditionError, InvalidArgumentError } from '../../core/errors.js';
import type { BlobTransform } from '../../pfs/blobs/blob-transform.js';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import type { DataKey } from './key-management-service.js';
import { isKeyStoreId } from './key-store-id.js';

const UNIT_VERSION = 1;
const HEADER_BYTES = 3;
/** Start of every subject transform id written now: `aes256gcm:subject@<storeId>:<subjectId>`. */
export const SUBJECT_TRANSFORM_PREFIX = 'aes256gcm:subject@';
/** Start of the subject transform ids written before key stores had ids: `aes256gcm:subject:<subjectId>`. */
export const LEGACY_SUBJECT_TRANSFORM_PREFIX = 'aes256gcm:subject:';

/** The data keys of one subject: the one to encrypt with now, and any one to decrypt with. */
export interface SubjectDataKeys {
  current(): Promise<DataKey>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** What a subject transform id names; `storeId` is null for ids written before key stores had ids. */
export interface SubjectTransformName {
  subjectId: string;
  storeId: string | null;
}

/** `aes256gcm:subject@<storeId>:<subjectId>`: the transform id recorded in the content refs of a subject's files. */
export function subjectTransformId(subjectId: string, storeId: string): string {
  if (subjectId === '') throw new InvalidArgumentError('subject id: must not be empty');
  if (!isKeyStoreId(storeId)) throw new InvalidArgumentError(`key store id ${JSON.stringify(storeId)}: must be 1 to 64 letters, digits, '_' or '-'`);
  return `${SUBJECT_TRANSFORM_PREFIX}${storeId}:${subjectId}`;
}

/**
 * The subject and key store a transform id names (either form), or null when it is not a
 * subject transform. The store id holds no ':', so the subject is everything after the first
 * ':' that follows it, and may itself hold ':' or '@'.
 */
export function parseSubjectTransform(transformId: string): SubjectTransformName | null {
  if (transformId.startsWith(LEGACY_SUBJECT_TRANSFORM_PREFIX)) {
    const subjectId = transformId.slice(LEGACY_SUBJECT_TRANSFORM_PREFIX.length);
    return subjectId === '' ? null : { subjectId, storeId: null };
  }
  if (!transformId.startsWith(SUBJECT_TRANSFORM_PREFIX)) return null;
  const rest = transformId.slice(SUBJECT_TRANSFORM_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return null;
  const storeId = rest.slice(0, colon);
  const subjectId = rest.slice(colon + 1);
  return isKeyStoreId(storeId) && subjectId !== '' ? { subjectId, storeId } : null;
}

/** The subject a transform id names (either form), or null when it is not a subject transform. */
export function subjectOfTransform(transformId: string): string | null {
  return parseSubjectTransform(transformId)?.subjectId ?? null;
}

/** The transform with id `transformId` (a subject transform id), encrypting under `keys`. */
export function createSubjectBlobTransform(transformId: string, keys: SubjectDataKeys): BlobTransform {
  const id = transformId;
  const aad = Buffer.from(id, 'utf8');
  return {
    id,
    async encode(plain) {
      const key = await keys.current();
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt8(UNIT_VERSION, 0);
      header.writeUInt16BE(key.wrapped.length, 1);
      return Buffer.concat([header, key.wrapped, sealAesGcm(key.plaintext, plain, aad)]);
    },
    async decode(stored) {
      const { wrapped, sealed } = parseUnit(stored, id);
      const plain = openAesGcm(await keys.unwrap(wrapped), sealed, aad);
      if (!plain) throw unreadable(id, 'failed authentication: they were altered, or belong to another subject');
      return plain;
    },
  };
}

function parseUnit(stored: Buffer, id: string): { wrapped: Buffer; sealed: Buffer } {
  if (stored.length < HEADER_BYTES || stored.readUInt8(0) !== UNIT_VERSION) throw unreadable(id, 'are not in a known encrypted format');
  const end = HEADER_BYTES + stored.readUInt16BE(1);
  if (stored.length < end) throw unreadable(id, 'are cut short');
  return { wrapped: stored.subarray(HEADER_BYTES, end), sealed: stored.subarray(end) };
}

function unreadable(id: string, problem: string): FailedPreconditionError {
  return new FailedPreconditionError(`stored bytes encrypted by ${id} ${problem}`, { transform: id });
}
