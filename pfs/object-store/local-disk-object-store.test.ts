import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalDiskObjectStore } from './local-disk-object-store.js';
import { describeObjectStoreConformance } from './object-store.conformance.js';

const roots: string[] = [];

async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stemma-objects-'));
  roots.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(roots.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeObjectStoreConformance('local disk', async () =>
  createLocalDiskObjectStore({ dir: await tempRoot(), prefix: `test-${randomUUID()}` }),
);

describeObjectStoreConformance('local disk without a prefix', async () => createLocalDiskObjectStore({ dir: await tempRoot() }));

describe('LocalDiskObjectStore', () => {
  it('keeps temporary files out of listings and out of the key space', async () => {
    const dir = await tempRoot();
    const store = createLocalDiskObjectStore({ dir });
    await mkdir(join(dir, '.tmp'), { recursive: true });
    await writeFile(join(dir, '.tmp', 'abandoned.part'), 'half a write');
    await store.put('a/b', Buffer.from('x'));
    const keys: string[] = [];
    for await (const info of store.list('')) keys.push(info.key);
    expect(keys).toEqual(['a/b']);
  });

  it('cleans up its temporary file when a write fails', async () => {
    const dir = await tempRoot();
    const store = createLocalDiskObjectStore({ dir });
    const failing = (async function* () {
      yield Buffer.from('partial');
      throw new Error('source broke');
    })();
    await expect(store.put('k', failing as unknown as NodeJS.ReadableStream)).rejects.toThrow('source broke');
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
  });

  it('describes its directory', () => {
    const store = createLocalDiskObjectStore({ dir: '/var/data', prefix: 'tenant-a' });
    expect(store.describe()).toEqual({ kind: 'local', location: '/var/data/tenant-a/' });
  });
});
