/**
 * `ObjectStore` on S3 or an S3-compatible store (MinIO). Bodies of known small size go up in
 * one PutObject; streams of unknown length and large bodies go through multipart `Upload`
 * (8 MiB parts, 4 in flight), so memory stays bounded whatever the object's size.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable, Transform, pipeline } from 'node:stream';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import { createS3Client, describeS3Endpoint, type S3ObjectStoreConfig } from './create-s3-client.js';
import { mapObjectStoreError } from './map-object-store-error.js';
import { asBuffer, isInMemoryBody, readAllBytes, toReadable } from './object-body.js';
import { assertByteRange, assertListPrefix, assertObjectKey, normalizeKeyPrefix } from './object-key.js';
import type { ByteRange, ObjectBody, ListOptions, ObjectInfo, ObjectStore, ObjectStoreDescription, PutOptions } from './object-store.js';

export type { S3ObjectStoreConfig } from './create-s3-client.js';

export interface S3ObjectStoreOptions {
  /** Key prefix inside the bucket, e.g. `test-<uuid>/`, isolating one test or tenant. */
  prefix?: string;
  /** Multipart part size in bytes (default 8 MiB, minimum 5 MiB). */
  partSize?: number;
  /** Parts uploaded in parallel per object (default 4). */
  queueSize?: number;
  logger?: Logger;
}

/** The S3 adapter; `ensureBucket` creates the configured bucket when it is missing. */
export interface S3ObjectStore extends ObjectStore {
  ensureBucket(): Promise<void>;
}

const MIB = 1024 * 1024;
const DELETE_BATCH = 1000;

class S3ObjectStoreImpl implements S3ObjectStore {
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly logger: Logger;

  constructor(
    private readonly client: S3Client,
    private readonly config: S3ObjectStoreConfig,
    opts: S3ObjectStoreOptions,
  ) {
    this.prefix = normalizeKeyPrefix(opts.prefix);
    this.partSize = Math.max(opts.partSize ?? 8 * MIB, 5 * MIB);
    this.queueSize = opts.queueSize ?? 4;
    this.logger = (opts.logger ?? silentLogger).child({ component: 's3-object-store' });
  }

  describe(): ObjectStoreDescription {
    return { kind: 's3', location: `${describeS3Endpoint(this.config)}/${this.config.bucket}/${this.prefix}` };
  }

  async ensureBucket(): Promise<void> {
    const Bucket = this.config.bucket;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket }));
      return;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw this.mapError(err, 'ensureBucket');
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket }));
      this.logger.info({ bucket: Bucket }, 'created bucket');
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw this.mapError(err, 'ensureBucket');
    }
  }

  async put(key: string, body: ObjectBody, opts: PutOptions = {}): Promise<{ size: number }> {
    assertObjectKey(key);
    try {
      if (isInMemoryBody(body)) {
        const bytes = asBuffer(body);
        if (bytes.length <= this.partSize) return await this.putSingle(key, bytes, bytes.length);
        await this.upload(key, bytes);
        return { size: bytes.length };
      }
      const length = opts.contentLength;
      if (length !== undefined && length <= this.partSize) return await this.putSingle(key, toReadable(body), length);
      return await this.uploadCounting(key, toReadable(body));
    } catch (err) {
      throw this.mapError(err, 'put', key);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    assertByteRange(range);
    const Range = range ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key), Range }));
      const body = out.Body;
      if (body instanceof Readable) return body;
      return Readable.from([]);
    } catch (err) {
      throw this.mapError(err, 'get', key);
    }
  }

  async getBuffer(key: string, range?: ByteRange): Promise<Buffer> {
    const stream = await this.get(key, range);
    return readAllBytes(stream).catch((err: unknown) => {
      throw this.mapError(err, 'get', key);
    });
  }

  async head(key: string): Promise<{ size: number } | null> {
    assertObjectKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 && (err as { name?: string }).name !== 'NoSuchBucket') return null;
      throw this.mapError(err, 'head', key);
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
    } catch (err) {
      throw this.mapError(err, 'delete', key);
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    keys.forEach(assertObjectKey);
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const Objects = keys.slice(i, i + DELETE_BATCH).map((key) => ({ Key: this.fullKey(key) }));
      try {
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects, Quiet: true } }),
        );
        const failed = out.Errors?.[0];
        if (failed) throw Object.assign(new Error(failed.Message ?? 'delete failed'), { name: failed.Code, Code: failed.Code });
      } catch (err) {
        throw this.mapError(err, 'deleteMany');
      }
    }
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    assertListPrefix(prefix);
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      { Bucket: this.config.bucket, Prefix: this.fullKey(prefix), ...(opts.startAfter !== undefined ? { StartAfter: this.fullKey(opts.startAfter) } : {}) },
    );
    try {
      for await (const page of pages) {
        for (const obj of page.Contents ?? []) {
          if (obj.Key !== undefined) yield { key: obj.Key.slice(this.prefix.length), size: obj.Size ?? 0 };
        }
      }
    } catch (err) {
      throw this.mapError(err, 'list');
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async putSingle(key: string, Body: Buffer | Readable, length: number): Promise<{ size: number }> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key), Body, ContentLength: length }),
    );
    return { size: length };
  }

  private async upload(key: string, Body: Buffer | Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: this.fullKey(key), Body },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** Multipart upload of a stream of unknown length, counting its bytes on the way. */
  private async uploadCounting(key: string, source: Readable): Promise<{ size: number }> {
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    const counted = pipeline(source, counter, () => {}) as Transform;
    await this.upload(key, counted);
    return { size };
  }

  private fullKey(key: string): string {
    return this.prefix + key;
  }

  private mapError(err: unknown, operation: string, key?: string): Error {
    return mapObjectStoreError(err, { kind: 's3', location: this.describe().location, operation, key });
  }
}

/** Builds the S3 adapter from the `objectStore.s3` config (see `S3ObjectStoreOptions`). */
export function createS3ObjectStore(config: S3ObjectStoreConfig, opts: S3ObjectStoreOptions = {}): S3ObjectStore {
  return new S3ObjectStoreImpl(createS3Client(config), config, opts);
}
