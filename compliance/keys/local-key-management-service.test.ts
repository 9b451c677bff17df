import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErasedError } from '../../core/errors.js';
import { createLocalKeyManagementService } from './local-key-management-service.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function kmsInTempDir(clock?: () => Date) {
  const base = await mkdtemp(join(tmpdir(), 'stemma-keys-'));
  dirs.push(base);
  const dir = join(base, 'keys');
  return { dir, kms: createLocalKeyManagementService({ dir, ...(clock ? { clock } : {}) }) };
}

describe('LocalKeyManagementService', () => {
  it('hands out 32-byte data keys and unwraps them again', async () => {
    const { kms } = await kmsInTempDir();
    const key = await kms.generateDataKey('subject:u1');
    expect(key.plaintext).toHaveLength(32);
    expect(key.wrapped.includes(key.plaintext)).toBe(false);
    expect(await kms.unwrap('subject:u1', key.wrapped)).toEqual(key.plaintext);
    const second = await kms.generateDataKey('subject:u1');
    expect(second.plaintext.equals(key.plaintext)).toBe(false);
    expect(await kms.unwrap('subject:u1', second.wrapped)).toEqual(second.plaintext);
    expect(await kms.keyState('subject:u1')).toBe('active');
  });

  it('keeps one 0600 key file per key id in a 0700 directory, named without the key id', async () => {
    const { kms, dir } = await kmsInTempDir();
    await kms.generateDataKey('subject:jane@example.org');
    await kms.generateDataKey('subject:jane@example.org');
    await kms.generateDataKey('subject:u2');
    const files = await readdir(dir);
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^[0-9a-f]{64}\.key$/.test(f))).toBe(true);
    for (const f of files) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a wrapped key made by another key, or altered', async () => {
    const { kms } = await kmsInTempDir();
    const a = await kms.generateDataKey('subject:a');
    await kms.generateDataKey('subject:b');
    await expect(kms.unwrap('subject:b', a.wrapped)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('not made by key subject:b') });
    const altered = Buffer.from(a.wrapped);
    altered[20]! ^= 1;
    await expect(kms.unwrap('subject:a', altered)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(kms.unwrap('subject:never', a.wrapped)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('destroys a key for good: its file is gone and it neither unwraps nor makes data keys', async () => {
    const when = new Date('2024-06-01T12:00:00.000Z');
    const { kms, dir } = await kmsInTempDir(() => when);
    const key = await kms.generateDataKey('subject:u1');
    await kms.generateDataKey('subject:u2');
    const before = await readdir(dir);
    await kms.destroyKey('subject:u1');
    const after = await readdir(dir);
    expect(after.filter((f) => f.endsWith('.key'))).toHaveLength(1);
    const tombstone = after.find((f) => f.endsWith('.destroyed'))!;
    expect(before).not.toContain(tombstone);
    expect(JSON.parse(await readFile(join(dir, tombstone), 'utf8'))).toEqual({ destroyedAt: '2024-06-01T12:00:00.000Z' });
    expect((await stat(join(dir, tombstone))).mode & 0o777).toBe(0o600);
    expect(await kms.describeKey('subject:u1')).toEqual({ keyId: 'subject:u1', state: 'destroyed', destroyedAt: when });
    const err = await kms.unwrap('subject:u1', key.wrapped).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErasedError);
    expect(err).toMatchObject({ message: 'key subject:u1 was destroyed on 2024-06-01T12:00:00.000Z', details: { destroyedAt: '2024-06-01T12:00:00.000Z' } });
    await expect(kms.generateDataKey('subject:u1')).rejects.toBeInstanceOf(ErasedError);
    expect(await kms.keyState('subject:u2')).toBe('active');
  });

  it('keeps the first destruction time, and records an absent key as destroyed', async () => {
    let now = new Date('2024-06-01T00:00:00.000Z');
    const { kms } = await kmsInTempDir(() => now);
    await kms.generateDataKey('subject:u1');
    await kms.destroyKey('subject:u1');
    now = new Date('2025-01-01T00:00:00.000Z');
    await kms.destroyKey('subject:u1');
    expect((await kms.describeKey('subject:u1')).destroyedAt).toEqual(new Date('2024-06-01T00:00:00.000Z'));
    expect(await kms.keyState('subject:ghost')).toBe('absent');
    await kms.destroyKey('subject:ghost');
    expect(await kms.keyState('subject:ghost')).toBe('destroyed');
  });

  it('creates one master key when many data keys are asked for at once', async () => {
    const { kms, dir } = await kmsInTempDir();
    const keys = await Promise.all(Array.from({ length: 20 }, () => kms.generateDataKey('subject:busy')));
    for (const k of keys) expect(await kms.unwrap('subject:busy', k.wrapped)).toEqual(k.plaintext);
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('gives the key store one stable id, in a 0600 store-id file written once, even by racing processes', async () => {
    const { kms, dir } = await kmsInTempDir();
    const racers = Array.from({ length: 10 }, () => createLocalKeyManagementService({ dir }));
    const ids = await Promise.all([kms, ...racers].map((k) => k.storeId()));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{24}$/);
    expect((await readFile(join(dir, 'store-id'), 'utf8')).trim()).toBe(ids[0]);
    expect((await stat(join(dir, 'store-id'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['store-id']);
    expect(await createLocalKeyManagementService({ dir }).storeId()).toBe(ids[0]);
    const other = await kmsInTempDir();
    expect(await other.kms.storeId()).not.toBe(ids[0]);
  });

  it('refuses a store-id file that does not hold an id', async () => {
    const { kms, dir } = await kmsInTempDir();
    await kms.generateDataKey('subject:u1');
    await writeFile(join(dir, 'store-id'), 'not an id: ?\n');
    await expect(createLocalKeyManagementService({ dir }).storeId()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('store-id does not hold a key store id') });
  });
});
