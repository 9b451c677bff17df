/**
 * Builds the S3 client every S3-backed component shares: path-style addressing and
 * checksums only where S3 requires them, which is what MinIO and other S3-compatible stores
 * accept; a bounded, keep-alive socket pool sized for parallel part uploads.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../core/config.js';

/** The `objectStore.s3` part of `loadConfig(['objectStore'])`. */
export type S3ObjectStoreConfig = Config<'objectStore'>['objectStore']['s3'];

export interface S3ClientTuning {
  /** Most sockets open to the endpoint at once (default 64). */
  maxSockets?: number;
  /** Milliseconds to wait for a TCP connection before failing (default 5000). */
  connectionTimeoutMs?: number;
}

export function createS3Client(config: S3ObjectStoreConfig, tuning: S3ClientTuning = {}): S3Client {
  const credentials =
    config.accessKeyId && config.secretAccessKey
      ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
      : undefined;
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: tuning.connectionTimeoutMs ?? 5_000,
      httpAgent: { keepAlive: true, maxSockets: tuning.maxSockets ?? 64 },
      httpsAgent: { keepAlive: true, maxSockets: tuning.maxSockets ?? 64 },
    },
  });
}

/** Where the client points, for messages: the endpoint, or AWS S3 in the configured region. */
export function describeS3Endpoint(config: S3ObjectStoreConfig): string {
  return config.endpoint ?? `https://s3.${config.region}.amazonaws.com`;
}
