import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErasedError } from '../../core/errors.js';
import { packKey } from '../../pfs/blobs/blob-keys.js';
import { createBlobStore } from '../../pfs/blobs/blob-store.js';
import { isPackedRef, type ContentRef } from '../../pfs/blobs/content-ref.js';
import { storedBytes } from '../../pfs/object-store/counting-object-store.js';
import type { ObjectStore } from '../../pfs/object-store/object-store.js';
import { createTempDirObjectStore } from '../../pfs/object-store/temp-dir-object-store.js';
import { createLocalKeyManagementService } from './local-key-management-service.js';
import { createSubjectKeyring } from './subject-keyring.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => Promise.all(cleanups.splice(0).map((c) => c())));

async function setup(opts: { cacheTtlMs?: number } = {}) {
  const temp = await createTempDirObjectStore('keyring');
  const keyDir = await mkdtemp(join(tmpdir(), 'stemma-keyring-keys-'));
  cleanups.push(temp.cleanup, () => rm(keyDir, { recursive: true, force: true }));
  const newKeyring = (ttl = opts.cacheTtlMs) => createSubjectKeyring({ kms: createLocalKeyManagementService({ dir: keyDir }), ...(ttl === undefined ? {} : { cacheTtlMs: ttl }) });
  const keyring = newKeyring();
  const blobs = createBlobStore(temp.store, { resolveTransform: keyring.resolveTransform, smallFileLimit: 4096, chunkSize: 4096 });
  return { objects: temp.store, keyring, blobs, newKeyring };
}

async function rawPackBytes(objects: ObjectStore, ref: ContentRef): Promise<Buffer> {
  if (!isPackedRef(ref)) throw new Error('expected a packed ref');
  return objects.getBuffer(packKey(ref.pack.id), { start: ref.pack.offset, end: ref.pack.offset + ref.pack.length - 1 });
}

const record = Buffer.from('user_id,income\nu1,73000\n');

describe('SubjectKeyring', () => {
  it('encrypts a subject file under aes256gcm:subject@<store>:<id> and reads it back in clear', async () => {
    const { objects, keyring, blobs } = await setup();
    const ref = await blobs.writeFile(record, { transform: await keyring.transformFor('u1') });
    expect(ref.transform).toBe(`aes256gcm:subject@${await keyring.storeId()}:u1`);
    const raw = await rawPackBytes(objects, ref);
    expect(raw.includes(Buffer.from('73000'))).toBe(false);
    expect(raw.length).toBeGreaterThan(record.length + 28);
    expect(await blobs.readBuffer(ref)).toEqual(record);
    expect((await blobs.readBuffer(ref, { range: { start: 15, end: 16 } })).toString()).toBe('u1');
  });

  it('encrypts every chunk of a large file with its own IV', async () => {
    const { objects, keyring, blobs } = await setup();
    const big = Buffer.alloc(20_000, 'secret-row\n');
    const ref = await blobs.writeFile(big, { transform: await keyring.transformFor('u1') });
    const { bytes, objects: count } = await storedBytes(objects, 'chunks/');
    expect(count).toBe(5);
    expect(bytes).toBeGreaterThan(big.length);
    expect(await blobs.readBuffer(ref)).toEqual(big);
  });

  it('never shares stored bytes between subjects, and one subject key cannot read another', async () => {
    const { objects, keyring, blobs } = await setup();
    const a = await blobs.writeFile(record, { transform: await keyring.transformFor('a') });
    const b = await blobs.writeFile(record, { transform: await keyring.transformFor('b') });
    expect(a.hash).toBe(b.hash);
    expect(isPackedRef(a) && isPackedRef(b) && a.pack.id !== b.pack.id).toBe(true);
    const rawA = await rawPackBytes(objects, a);
    await expect((await keyring.transformFor('b')).decode(rawA)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const altered = Buffer.from(rawA);
    altered[altered.length - 1]! ^= 1;
    await expect((await keyring.transformFor('a')).decode(altered)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('failed authentication') });
    await expect((await keyring.transformFor('a')).decode(Buffer.from('plain text'))).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('after the key is destroyed, reading throws ErasedError naming the subject and the date', async () => {
    const { keyring, blobs } = await setup();
    const erasedRef = await blobs.writeFile(record, { transform: await keyring.transformFor('u1') });
    const keptRef = await blobs.writeFile(Buffer.from('u2,1\n'), { transform: await keyring.transformFor('u2') });
    const unit = await (await keyring.transformFor('u1')).encode(record);
    expect(await (await keyring.transformFor('u1')).decode(unit)).toEqual(record);
    await keyring.destroySubjectKey('u1');
    await expect((await keyring.transformFor('u1')).decode(unit)).rejects.toBeInstanceOf(ErasedError);
    const err = await blobs.readBuffer(erasedRef).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErasedError);
    expect((err as Error).message).toMatch(/^the records of subject u1 were erased on \d{4}-\d\d-\d\dT[\d:.]+Z; their key was destroyed$/);
    expect(await keyring.subjectKeyState('u1')).toBe('destroyed');
    expect((await blobs.readBuffer(keptRef)).toString()).toBe('u2,1\n');
    await expect((await keyring.transformFor('u1')).decode(Buffer.alloc(100))).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(blobs.writeFile(Buffer.from('again'), { transform: await keyring.transformFor('u1') })).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('records of an erased subject are not stored again'),
    });
  });

  it('sees a key destroyed by another process once its cache expires (at once with no cache)', async () => {
    const { keyring, blobs, newKeyring } = await setup({ cacheTtlMs: 0 });
    const ref = await blobs.writeFile(record, { transform: await keyring.transformFor('u1') });
    const transform = (await keyring.transformFor('u1'));
    const stored = await transform.encode(record);
    expect(await transform.decode(stored)).toEqual(record);
    await newKeyring().destroySubjectKey('u1');
    await expect(blobs.readBuffer(ref)).rejects.toBeInstanceOf(ErasedError);
    await expect(transform.decode(stored)).rejects.toBeInstanceOf(ErasedError);
  });

  it('gives one transform per single-subject file and refuses files mixing subjects', async () => {
    const { keyring } = await setup();
    expect(await keyring.transformForSubjects([])).toBeUndefined();
    expect((await keyring.transformForSubjects(['u1', 'u1']))?.id).toBe(`aes256gcm:subject@${await keyring.storeId()}:u1`);
    await expect(keyring.transformForSubjects(['u1', 'u2'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('2 subjects') });
  });

  it('resolves only subject transforms whose key it holds', async () => {
    const { keyring } = await setup();
    await expect(keyring.resolveTransform('envelope:other')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(keyring.resolveTransform('aes256gcm:subject:nobody')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('holds no key for subject nobody') });
    await (await keyring.transformFor('u9')).encode(record);
    const own = `aes256gcm:subject@${await keyring.storeId()}:u9`;
    expect((await keyring.resolveTransform(own)).id).toBe(own);
    expect((await keyring.resolveTransform('aes256gcm:subject:u9')).id).toBe('aes256gcm:subject:u9');
  });

  it('still reads content written under the id form without a key store (aes256gcm:subject:<id>)', async () => {
    const { keyring, blobs } = await setup();
    await (await keyring.transformFor('jane:doe@example.org')).encode(record);
    const legacyTransform = await keyring.resolveTransform('aes256gcm:subject:jane:doe@example.org');
    const ref = await blobs.writeFile(record, { transform: legacyTransform });
    expect(ref.transform).toBe('aes256gcm:subject:jane:doe@example.org');
    expect(await blobs.readBuffer(ref)).toEqual(record);
    await keyring.destroySubjectKey('jane:doe@example.org');
    await expect(blobs.readBuffer(ref)).rejects.toBeInstanceOf(ErasedError);
  });

  it('refuses content of another key store, naming both stores, even after this store erased the subject', async () => {
    const { keyring, blobs, objects } = await setup();
    const otherKeys = await mkdtemp(join(tmpdir(), 'stemma-keyring-other-'));
    cleanups.push(() => rm(otherKeys, { recursive: true, force: true }));
    const other = createSubjectKeyring({ kms: createLocalKeyManagementService({ dir: otherKeys }) });
    const otherBlobs = createBlobStore(objects, { resolveTransform: other.resolveTransform, smallFileLimit: 4096 });
    const ref = await otherBlobs.writeFile(record, { transform: await other.transformFor('u1') });
    const [mine, theirs] = [await keyring.storeId(), await other.storeId()];
    expect(mine).not.toBe(theirs);
    const foreign = { code: 'FAILED_PRECONDITION', message: `the records of subject u1 were encrypted by key store ${theirs}; this process uses key store ${mine}: point STEMMA_KEY_DIR at the key directory whose store-id file holds ${theirs}` };
    await expect(blobs.readBuffer(ref)).rejects.toMatchObject(foreign);
    await keyring.destroySubjectKey('u1');
    await expect(blobs.readBuffer(ref)).rejects.toMatchObject(foreign);
    expect(await otherBlobs.readBuffer(ref)).toEqual(record);
  });
});

