/**
 * Crypto-shredding: a key per data subject behind a KMS-shaped port; the subject's record
 * files are encrypted under it, and erasure destroys it.
 */
export type { DataKey, KeyDescription, KeyManagementService, KeyState } from './key-management-service.js';
export { createLocalKeyManagementService, LocalKeyManagementService, type LocalKeyManagementServiceOptions } from './local-key-management-service.js';
export { createSubjectKeyring, SubjectKeyring, subjectKeyId, type SubjectKeyringOptions } from './subject-keyring.js';
export {
  LEGACY_SUBJECT_TRANSFORM_PREFIX,
  parseSubjectTransform,
  subjectOfTransform,
  subjectTransformId,
  SUBJECT_TRANSFORM_PREFIX,
  type SubjectTransformName,
} from './subject-blob-transform.js';
export { isKeyStoreId } from './key-store-id.js';
export { createInProcessKeyRevocationChannel, type KeyRevocationChannel } from './key-revocation-channel.js';
export { createRedisKeyRevocationChannel, DEFAULT_REVOCATION_CHANNEL, type RedisKeyRevocationConfig } from './redis-key-revocation-channel.js';
