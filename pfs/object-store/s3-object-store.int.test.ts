import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../../core/errors.js';
import { generatedStream, sha256, sha256OfStream } from './generated-stream.js';
import { localStackS3Config } from './local-stack-s3-config.js';
import { readAllBytes } from './object-body.js';
import { describeObjectStoreConformance } from './object-store.conformance.js';
import { createS3ObjectStore, type S3ObjectStore } from './s3-object-store.js';

const MIB = 1024 * 1024;

async function makeStore(): Promise<S3ObjectStore> {
  const store = createS3ObjectStore(localStackS3Config(), { prefix: `test-${randomUUID()}` });
  await store.ensureBucket();
  return store;
}

describeObjectStoreConformance('S3 (MinIO)', makeStore);

describe('S3ObjectStore on MinIO', () => {
  let store: S3ObjectStore;
  const size = 20 * MIB + 4321;

  beforeAll(async () => {
    store = await makeStore();
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const info of store.list('')) keys.push(info.key);
    await store.deleteMany(keys);
    await store.close();
  });

  it('uploads a 20 MiB stream of unknown length in parts and reads it back intact', async () => {
    const key = `big/${randomUUID()}`;
    const expected = await sha256OfStream(generatedStream(size, 42));
    expect(await store.put(key, generatedStream(size, 42))).toEqual({ size });
    expect(await store.head(key)).toEqual({ size });
    expect(await sha256OfStream(await store.get(key))).toEqual(expected);
  });

  it('reads a byte range that spans a multipart part boundary', async () => {
    const key = `big/${randomUUID()}`;
    const whole = await readAllBytes(generatedStream(size, 9));
    await store.put(key, generatedStream(size, 9));
    const range = { start: 8 * MIB - 1000, end: 8 * MIB + 999 };
    const part = await store.getBuffer(key, range);
    expect(part.length).toBe(2000);
    expect(sha256(part)).toBe(sha256(whole.subarray(range.start, range.end + 1)));
  });

  it('names a missing bucket as a FailedPreconditionError', async () => {
    const config = { ...localStackS3Config(), bucket: `missing-${randomUUID().slice(0, 8)}` };
    const missing = createS3ObjectStore(config);
    try {
      await expect(missing.getBuffer('a')).rejects.toBeInstanceOf(FailedPreconditionError);
    } finally {
      await missing.close();
    }
  });
});
