import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../pfs/blobs/blob-store.js';
import { isPackedRef } from '../../pfs/blobs/content-ref.js';
import { localStackS3Config } from '../../pfs/object-store/local-stack-s3-config.js';
import { createS3ObjectStore, type S3ObjectStore } from '../../pfs/object-store/s3-object-store.js';
import { createLocalKeyManagementService } from './local-key-management-service.js';
import { createSubjectKeyring } from './subject-keyring.js';

/** Two key stores (two key directories, as two checkouts have) over one bucket prefix. */
describe('key stores sharing a bucket (MinIO)', () => {
  let objects: S3ObjectStore;
  const keyDirs: string[] = [];

  beforeAll(async () => {
    objects = createS3ObjectStore(localStackS3Config(), { prefix: `test-${randomUUID()}` });
    await objects.ensureBucket();
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const info of objects.list('')) keys.push(info.key);
    await objects.deleteMany(keys);
    await objects.close();
    await Promise.all(keyDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function keyStore() {
    const dir = await mkdtemp(join(tmpdir(), 'stemma-key-store-'));
    keyDirs.push(dir);
    const keyring = createSubjectKeyring({ kms: createLocalKeyManagementService({ dir }) });
    return { keyring, blobs: createBlobStore(objects, { resolveTransform: keyring.resolveTransform, indexMaxAgeMs: 0 }) };
  }

  it('each store writes the same record of the same subject under its own key, and reads its own copy', async () => {
    const [first, second] = [await keyStore(), await keyStore()];
    const subject = `user-${randomUUID()}`;
    const record = Buffer.from(`user_id,income\n${subject},73000\n`);

    const a = await first.blobs.writeFile(record, { transform: await first.keyring.transformFor(subject) });
    await second.blobs.refreshIndex();
    const b = await second.blobs.writeFile(record, { transform: await second.keyring.transformFor(subject) });

    expect(a.hash).toBe(b.hash);
    expect(a.transform).not.toBe(b.transform);
    expect(isPackedRef(a) && isPackedRef(b) && a.pack.id !== b.pack.id).toBe(true);
    expect(await first.blobs.readBuffer(a)).toEqual(record);
    expect(await second.blobs.readBuffer(b)).toEqual(record);

    // Writing again in either store finds its own copy.
    expect(await first.blobs.writeFile(record, { transform: await first.keyring.transformFor(subject) })).toEqual(a);
    await first.blobs.refreshIndex();
    expect(await first.blobs.writeFile(record, { transform: await first.keyring.transformFor(subject) })).toEqual(a);

    // The other store's copy is refused with an error naming both stores.
    const [idA, idB] = [await first.keyring.storeId(), await second.keyring.storeId()];
    await expect(second.blobs.readBuffer(a)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining(`encrypted by key store ${idA}; this process uses key store ${idB}: point STEMMA_KEY_DIR at`),
    });

    // Erasing the subject in one store leaves the other store's copy readable there.
    await first.keyring.destroySubjectKey(subject);
    await expect(first.blobs.readBuffer(a)).rejects.toMatchObject({ code: 'ERASED' });
    expect(await second.blobs.readBuffer(b)).toEqual(record);
  });
});
