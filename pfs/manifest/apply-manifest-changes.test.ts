import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingObjectStore, type CountingObjectStore } from '../object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { applyChanges } from './apply-manifest-changes.js';
import type { ManifestEntry } from './manifest-entry.js';
import { SHARD_PREFIX } from './manifest-root.js';
import { createManifestStore, type ManifestStoreOptions } from './manifest-store.js';
import { lookup, readManifest } from './read-manifest.js';
import { sampleEntry, samplePath, sampleTree } from './sample-manifest-entries.js';
import { writeManifest } from './write-manifest.js';

async function paths(it: AsyncIterable<ManifestEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of it) out.push(e.path);
  return out;
}

describe('applyChanges', () => {
  let temp: TempDirObjectStore;
  let objects: CountingObjectStore;
  let base: string;
  const tree = sampleTree(100_000);
  const store = (opts?: ManifestStoreOptions) => createManifestStore(objects, opts);
  const shardWrites = () => objects.counts.put - 1; // every apply also writes one root

  beforeAll(async () => {
    temp = await createTempDirObjectStore('manifest-apply');
    objects = createCountingObjectStore(temp.store);
    base = await writeManifest(store(), tree);
  });
  afterAll(() => temp.cleanup());

  it('rewrites one shard when one entry of 100,000 changes, and matches a full rewrite', async () => {
    const changed = sampleEntry(samplePath(54_321), 1);
    objects.reset();
    const next = await applyChanges(store(), base, { puts: [changed] });
    expect(shardWrites()).toBeLessThanOrEqual(2);
    expect(objects.counts.get).toBeLessThanOrEqual(3);
    expect((await lookup(store(), next, changed.path))?.hash).toBe(changed.hash);
    const full = tree.map((e) => (e.path === changed.path ? changed : e));
    expect(await writeManifest(store(), full)).toBe(next);
  }, 30_000);

  it('inserts and deletes single paths touching at most two shards', async () => {
    const inserted = sampleEntry('/data/dir-042/file-042500.csv.bak');
    objects.reset();
    const withInsert = await applyChanges(store(), base, { puts: [inserted] });
    expect(shardWrites()).toBeLessThanOrEqual(2);
    objects.reset();
    const withDelete = await applyChanges(store(), withInsert, { deletes: [inserted.path, samplePath(7)] });
    expect(shardWrites()).toBeLessThanOrEqual(4);
    const expected = tree.filter((e) => e.path !== samplePath(7));
    expect(await writeManifest(store(), expected)).toBe(withDelete);
  }, 30_000);

  it('deletes a directory by prefix without reading the shards inside it', async () => {
    objects.reset();
    const next = await applyChanges(store(), base, { deletePrefixes: ['/data/dir-010/', '/data/dir-011/'] });
    const shardReads = objects.counts.readKeys.filter((k) => k.startsWith(SHARD_PREFIX)).length;
    expect(shardReads).toBeLessThanOrEqual(4);
    const root = await store().loadRoot(next);
    expect(root.count).toBe(98_000);
    expect(await paths(readManifest(store(), next, { prefix: '/data/dir-010/' }))).toEqual([]);
  });

  it('replaces a path that is both deleted and put, and builds a tree from the empty one', async () => {
    const first = await applyChanges(store(), null, { puts: [sampleEntry('/a'), sampleEntry('/b'), sampleEntry('/b', 2)] });
    expect((await lookup(store(), first, '/b'))?.hash).toBe(sampleEntry('/b', 2).hash);
    const second = await applyChanges(store(), first, { deletes: ['/a'], deletePrefixes: ['/'], puts: [sampleEntry('/a', 3)] });
    expect(await paths(readManifest(store(), second))).toEqual(['/a']);
    const emptied = await applyChanges(store(), second, { deletes: ['/a'] });
    expect((await store().loadRoot(emptied)).shards).toEqual([]);
  });

  it('always yields the manifest a full rewrite gives, including forced cuts (random edits)', async () => {
    const tiny = store({ cut: { bits: 3, maxEntries: 5, maxBytes: 700 } });
    const model = new Map<string, ManifestEntry>();
    let rand = 12345;
    const next = () => (rand = (Math.imul(rand, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let root: string | null = null;
    for (let step = 0; step < 150; step++) {
      const puts: ManifestEntry[] = [];
      const deletes: string[] = [];
      const prefixes: string[] = [];
      for (let k = 0; k < 1 + Math.floor(next() * 6); k++) {
        const path = `/d${Math.floor(next() * 4)}/f${Math.floor(next() * 60)}`;
        if (next() < 0.65) puts.push(sampleEntry(path, step));
        else deletes.push(path);
      }
      if (next() < 0.1) prefixes.push(`/d${Math.floor(next() * 4)}/`);
      for (const d of deletes) model.delete(d);
      for (const p of prefixes) for (const key of [...model.keys()]) if (key.startsWith(p)) model.delete(key);
      for (const e of puts) model.set(e.path, e);
      root = await applyChanges(tiny, root, { puts, deletes, deletePrefixes: prefixes });
      expect(await writeManifest(tiny, model.values())).toBe(root);
    }
    expect(await paths(readManifest(tiny, root))).toEqual([...model.keys()].sort());
  }, 30_000);
});
