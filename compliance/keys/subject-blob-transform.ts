/**
 * The blob transform that encrypts a subject's files: each stored unit (a small file, or one
 * chunk of a large one) is `version ‖ wrapped-key length ‖ wrapped data key ‖ iv ‖ ciphertext ‖
 * tag`, AES-256-GCM with a random IV and the transform id as additional data. The wrapped data
 * key travels with the bytes, so a reader needs only the subject's master key, and once that
 * is destroyed no copy anywhere can be read.
 */
import { FailedPreconditionError } from '../../core/errors.js';
import type { BlobTransform } from '../../pfs/blobs/blob-transform.js';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import type { DataKey } from './key-management-service.js';

const UNIT_VERSION = 1;
const HEADER_BYTES = 3;
export const SUBJECT_TRANSFORM_PREFIX = 'aes256gcm:subject:';

/** The data keys of one subject: the one to encrypt with now, and any one to decrypt with. */
export interface SubjectDataKeys {
  current(): Promise<DataKey>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** `aes256gcm:subject:<subjectId>`: the transform id recorded in the content refs of a subject's files. */
export function subjectTransformId(subjectId: string): string {
  return `${SUBJECT_TRANSFORM_PREFIX}${subjectId}`;
}

/** The subject a transform id names, or null when it is not a subject transform. */
export function subjectOfTransform(transformId: string): string | null {
  if (!transformId.startsWith(SUBJECT_TRANSFORM_PREFIX)) return null;
  const subject = transformId.slice(SUBJECT_TRANSFORM_PREFIX.length);
  return subject === '' ? null : subject;
}

export function createSubjectBlobTransform(subjectId: string, keys: SubjectDataKeys): BlobTransform {
  const id = subjectTransformId(subjectId);
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
