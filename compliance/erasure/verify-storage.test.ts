import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../pfs/blobs/blob-store.js';
import type { ContentRef } from '../../pfs/blobs/content-ref.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../../pfs/object-store/temp-dir-object-store.js';
import { createLocalKeyManagementService } from '../keys/local-key-management-service.js';
import { createSubjectKeyring } from '../keys/subject-keyring.js';
import type { ErasureContext } from './erasure-context.js';
import { storageCheck } from './verify-erasure.js';

/** Two key stores over one local-disk bucket; the storage check reads through the second. */
describe('the storage check of an erasure', () => {
  let temp: TempDirObjectStore;
  const keyDirs: string[] = [];
  beforeAll(async () => {
    temp = await createTempDirObjectStore('verify');
  });
  afterAll(async () => {
    await temp.cleanup();
    await Promise.all(keyDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const keyStore = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stemma-verify-keys-'));
    keyDirs.push(dir);
    const kms = createLocalKeyManagementService({ dir });
    const keyring = createSubjectKeyring({ kms, cacheTtlMs: 0 });
    return { kms, keyring, blobs: createBlobStore(temp.store, { resolveTransform: keyring.resolveTransform, indexMaxAgeMs: 0 }) };
  };

  /** A context whose one commit holds `ref` at /r.csv, checked with `kms`. */
  const contextOf = (kms: unknown, ref: ContentRef): ErasureContext =>
    ({
      deps: { kms, objects: temp.store, pfs: { inspectCommit: async () => ({ manifest: 'm' }) } },
      trees: { lookup: async (_manifest: string | null, path: string) => (path === '/r.csv' ? { path, hash: 'h', size: 1, ref } : null) },
    }) as unknown as ErasureContext;
  const row = { fileVersionId: 'fv', repoId: 'p/applicants', path: '/r.csv', hash: 'h', commitIds: ['c1'] };

  it('names a version still readable, passes one erased, and names one it cannot read either way', async () => {
    const own = await keyStore();
    const other = await keyStore();
    const record = Buffer.from('user_id,income\nu1,100\n');
    const ref = await own.blobs.writeFile(record, { transform: await own.keyring.transformFor('u1') });

    const readable = await storageCheck(contextOf(own.kms, ref), [row]);
    expect(readable).toMatchObject({ checked: 1, remaining: [{ kind: 'readable-object', id: 'fv' }] });

    const unchecked = await storageCheck(contextOf(other.kms, ref), [row]);
    expect(unchecked.remaining).toHaveLength(1);
    expect(unchecked.remaining[0]).toMatchObject({ kind: 'unchecked-object', id: 'fv' });
    expect(unchecked.remaining[0]?.description).toMatch(/could not be checked: .*key store/);

    await own.keyring.destroySubjectKey('u1');
    expect(await storageCheck(contextOf(own.kms, ref), [row])).toEqual({ checked: 1, remaining: [] });
  });
});
