/**
 * The S3 configuration tests and benchmarks use: `loadConfig(['objectStore'])`, with the local
 * stack's MinIO (`npm run stack:up`) filling whatever the environment leaves unset.
 */
import { loadConfig } from '../../core/config.js';
import type { S3ObjectStoreConfig } from './create-s3-client.js';

export const LOCAL_STACK_S3 = {
  endpoint: 'http://127.0.0.1:9000',
  accessKeyId: 'stemma',
  secretAccessKey: 'stemma-secret',
} as const;

export function localStackS3Config(): S3ObjectStoreConfig {
  const { s3 } = loadConfig(['objectStore']).objectStore;
  return {
    ...s3,
    endpoint: s3.endpoint ?? LOCAL_STACK_S3.endpoint,
    accessKeyId: s3.accessKeyId ?? LOCAL_STACK_S3.accessKeyId,
    secretAccessKey: s3.secretAccessKey ?? LOCAL_STACK_S3.secretAccessKey,
  };
}
