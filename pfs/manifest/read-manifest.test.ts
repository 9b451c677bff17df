import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingObjectStore, type CountingObjectStore } from '../object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { SHARD_PREFIX } from './manifest-root.js';
import { createManifestStore } from './manifest-store.js';
import { lookup, readManifest } from './read-manifest.js';
import { samplePath, sampleTree } from './sample-manifest-entries.js';
import { writeManifest } from './write-manifest.js';

describe('readManifest and lookup', () => {
  let temp: TempDirObjectStore;
  let objects: CountingObjectStore;
  let root: string;
  const tree = sampleTree(100_000);
  const shardReads = () => objects.counts.readKeys.filter((k) => k.startsWith(SHARD_PREFIX)).length;

  beforeAll(async () => {
    temp = await createTempDirObjectStore('manifest-read');
    objects = createCountingObjectStore(temp.store);
    root = await writeManifest(createManifestStore(objects), tree);
  });
  afterAll(() => temp.cleanup());

  it('looks a path up by reading one shard', async () => {
    objects.reset();
    const entry = await lookup(createManifestStore(objects), root, samplePath(77_777));
    expect(entry).toEqual(tree[77_777]);
    expect(shardReads()).toBe(1);
  });

  it('answers null for a missing path, reading at most one shard', async () => {
    objects.reset();
    const store = createManifestStore(objects);
    expect(await lookup(store, root, '/data/dir-050/missing.csv')).toBeNull();
    expect(await lookup(store, root, '/zzz')).toBeNull();
    expect(await lookup(store, root, '/')).toBeNull();
    expect(shardReads()).toBeLessThanOrEqual(1);
  });

  it('serves repeated lookups from the shard cache', async () => {
    const store = createManifestStore(objects);
    await lookup(store, root, samplePath(10));
    objects.reset();
    await lookup(store, root, samplePath(11));
    expect(objects.counts.get).toBe(0);
  });

  it('lists a directory by prefix, reading only the shards that overlap it', async () => {
    objects.reset();
    const listed: string[] = [];
    for await (const e of readManifest(createManifestStore(objects), root, { prefix: '/data/dir-042/' })) listed.push(e.path);
    expect(listed).toEqual(tree.slice(42_000, 43_000).map((e) => e.path));
    expect(shardReads()).toBeLessThanOrEqual(4);
  });

  it('lists one file by its full path as prefix, and nothing under an absent prefix', async () => {
    const store = createManifestStore(objects);
    const one: string[] = [];
    for await (const e of readManifest(store, root, { prefix: samplePath(5) })) one.push(e.path);
    expect(one).toEqual([samplePath(5)]);
    for await (const e of readManifest(store, root, { prefix: '/other/' })) expect.fail(`unexpected ${e.path}`);
  });

  it('reads the empty tree from a null root', async () => {
    const store = createManifestStore(objects);
    for await (const e of readManifest(store, null)) expect.fail(`unexpected ${e.path}`);
    expect(await lookup(store, null, '/a')).toBeNull();
  });
});
