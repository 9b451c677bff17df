import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyDirectory } from './key-directory.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function keyDirectory(): Promise<KeyDirectory> {
  const base = await mkdtemp(join(tmpdir(), 'stemma-keydir-'));
  dirs.push(base);
  return new KeyDirectory(join(base, 'keys'));
}

describe('KeyDirectory', () => {
  it('creates keys asked for at once with fewer directory syncs than keys, each key on disk as returned', async () => {
    const keys = await keyDirectory();
    const ids = Array.from({ length: 40 }, (_, i) => `subject:u${i}`);
    const created = await Promise.all(ids.map((id) => keys.createKey(id)));
    expect(new Set(created.map((k) => k.toString('hex'))).size).toBe(40);
    for (const [i, id] of ids.entries()) expect(await keys.readKey(id)).toEqual(created[i]);
    expect(await readdir(keys.dir)).toHaveLength(40);
    expect(keys.directorySyncs).toBeGreaterThanOrEqual(1);
    expect(keys.directorySyncs).toBeLessThan(40);
  });

  it('syncs the directory once for each key created one after another', async () => {
    const keys = await keyDirectory();
    for (let i = 0; i < 5; i++) await keys.createKey(`subject:u${i}`);
    expect(keys.directorySyncs).toBe(5);
  });

  it('hands every racer for one key id the key that is on disk', async () => {
    const keys = await keyDirectory();
    const created = await Promise.all(Array.from({ length: 10 }, () => keys.createKey('subject:busy')));
    const onDisk = await keys.readKey('subject:busy');
    for (const k of created) expect(k).toEqual(onDisk);
  });

  it('records a destruction durably alongside keys being created', async () => {
    const keys = await keyDirectory();
    await keys.createKey('subject:gone');
    const at = new Date('2026-11-21T12:00:00.000Z');
    await Promise.all([keys.destroyKey('subject:gone', at), ...Array.from({ length: 10 }, (_, i) => keys.createKey(`subject:u${i}`))]);
    expect(await keys.readKey('subject:gone')).toBeNull();
    expect(await keys.destroyedAt('subject:gone')).toEqual(at);
  });
});
