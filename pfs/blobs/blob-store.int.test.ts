import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingObjectStore, storedBytes } from '../object-store/counting-object-store.js';
import { generatedStream, sha256, sha256OfStream } from '../object-store/generated-stream.js';
import { localStackS3Config } from '../object-store/local-stack-s3-config.js';
import { readAllBytes } from '../object-store/object-body.js';
import { createS3ObjectStore, type S3ObjectStore } from '../object-store/s3-object-store.js';
import { createBlobStore } from './blob-store.js';
import { isPackedRef } from './content-ref.js';

const MIB = 1024 * 1024;

describe('BlobStore on MinIO', () => {
  let objects: S3ObjectStore;

  beforeAll(async () => {
    objects = createS3ObjectStore(localStackS3Config(), { prefix: `test-${randomUUID()}` });
    await objects.ensureBucket();
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const info of objects.list('')) keys.push(info.key);
    await objects.deleteMany(keys);
    await objects.close();
  });

  it('streams a 20 MiB file into 8 MiB chunks and reads it, and a range across chunks, back', async () => {
    const blobs = createBlobStore(objects);
    const size = 20 * MIB + 99;
    const ref = await blobs.writeFile(generatedStream(size, 4));
    expect(isPackedRef(ref) ? 0 : ref.chunks.length).toBe(3);
    expect(await sha256OfStream(await blobs.read(ref))).toEqual(await sha256OfStream(generatedStream(size, 4)));
    const whole = await readAllBytes(generatedStream(size, 4));
    const range = { start: 8 * MIB - 10, end: 16 * MIB + 10 };
    expect(sha256(await blobs.readBuffer(ref, { range }))).toBe(sha256(whole.subarray(range.start, range.end + 1)));
  });

  it('writes 1000 small files into packs; writing them again from another process adds no bytes', async () => {
    const files = Array.from({ length: 1000 }, (_, i) => ({ body: Buffer.from(`record ${i} `.repeat(1 + (i % 30))) }));
    const first = await createBlobStore(objects).writeMany(files);
    const after = await storedBytes(objects, 'packs/');
    expect(after.objects).toBeLessThanOrEqual(4);
    const counting = createCountingObjectStore(objects);
    const again = await createBlobStore(counting).writeMany(files);
    expect(again).toEqual(first);
    expect(counting.counts.bytesPut).toBe(0);
    expect(await storedBytes(objects, 'packs/')).toEqual(after);
    const got: Buffer[] = [];
    for await (const { index, body } of createBlobStore(objects).readMany(first)) got[index] = body;
    expect(got.map((b) => b.toString())).toEqual(files.map((f) => f.body.toString()));
  });
});
