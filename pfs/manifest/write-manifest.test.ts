import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { createCountingObjectStore, storedBytes, type CountingObjectStore } from '../object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { createManifestStore } from './manifest-store.js';
import { readManifest } from './read-manifest.js';
import { sampleEntry, sampleTree } from './sample-manifest-entries.js';
import { writeManifest } from './write-manifest.js';
import type { ManifestEntry } from './manifest-entry.js';

async function collect(it: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('writeManifest', () => {
  let temp: TempDirObjectStore;
  let objects: CountingObjectStore;
  beforeAll(async () => {
    temp = await createTempDirObjectStore('manifest-write');
    objects = createCountingObjectStore(temp.store);
  });
  afterAll(() => temp.cleanup());

  it('stores entries given in any order and reads them back in path order', async () => {
    const entries = [sampleEntry('/b'), sampleEntry('/a/2', 1), { ...sampleEntry('/a/1'), subjects: ['user-7'] }];
    const root = await writeManifest(createManifestStore(objects), entries);
    const read = await collect(readManifest(createManifestStore(objects), root));
    expect(read.map((e) => e.path)).toEqual(['/a/1', '/a/2', '/b']);
    expect(read[0]).toEqual(entries[2]);
    expect(read[1]).toEqual(entries[1]);
  });

  it('gives the same root for the same entries, whatever their order', async () => {
    const entries = sampleTree(3000);
    const store = createManifestStore(objects);
    expect(await writeManifest(store, [...entries].reverse())).toBe(await writeManifest(store, entries));
  });

  it('rejects a path given twice and an entry that disagrees with its ref', async () => {
    const store = createManifestStore(objects);
    await expect(writeManifest(store, [sampleEntry('/x'), sampleEntry('/x', 2)])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(writeManifest(store, [{ ...sampleEntry('/x'), size: 1 }])).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('stores the empty tree as a root with no shards', async () => {
    const store = createManifestStore(objects);
    const root = await writeManifest(store, []);
    expect(await collect(readManifest(store, root))).toEqual([]);
    expect((await store.loadRoot(root)).count).toBe(0);
  });

  it('writes 100,000 entries as ~100 content-defined shards with totals in the root', async () => {
    const entries = sampleTree(100_000);
    const fresh = await createTempDirObjectStore('manifest-100k');
    const store = createManifestStore(fresh.store);
    const root = await writeManifest(store, entries);
    const info = await store.loadRoot(root);
    expect(info.count).toBe(100_000);
    expect(info.bytes).toBe(entries.reduce((n, e) => n + e.size, 0));
    expect(info.shards.length).toBeGreaterThan(50);
    expect(info.shards.length).toBeLessThan(200);
    expect(Math.max(...info.shards.map((s) => s.count))).toBeLessThanOrEqual(store.cut.maxEntries);
    expect((await storedBytes(fresh.store, 'manifests/shards/')).objects).toBe(info.shards.length);
    let n = 0;
    let ordered = true;
    let previous = '';
    for await (const e of readManifest(createManifestStore(fresh.store), root)) {
      ordered &&= e.path > previous;
      previous = e.path;
      n++;
    }
    expect(ordered).toBe(true);
    expect(n).toBe(100_000);
    await fresh.cleanup();
  }, 30_000);
});
