import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../core/errors.js';
import { createCountingObjectStore, type CountingObjectStore } from '../object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { applyChanges } from './apply-manifest-changes.js';
import { collectManifestDiff, diffManifests } from './diff-manifests.js';
import { SHARD_PREFIX } from './manifest-root.js';
import { createManifestStore } from './manifest-store.js';
import { sampleEntry, samplePath, sampleTree } from './sample-manifest-entries.js';
import { writeManifest } from './write-manifest.js';

describe('diffManifests', () => {
  let temp: TempDirObjectStore;
  let objects: CountingObjectStore;
  let base: string;
  const tree = sampleTree(100_000);
  const shardReads = () => objects.counts.readKeys.filter((k) => k.startsWith(SHARD_PREFIX)).length;
  const diff = (a: string | null, b: string | null) => collectManifestDiff(diffManifests(createManifestStore(objects), a, b));

  beforeAll(async () => {
    temp = await createTempDirObjectStore('manifest-diff');
    objects = createCountingObjectStore(temp.store);
    base = await writeManifest(createManifestStore(objects), tree);
  });
  afterAll(() => temp.cleanup());

  it('finds the one changed path between two 100,000-entry trees by reading few shards', async () => {
    const changed = sampleEntry(samplePath(31_337), 9);
    const next = await applyChanges(createManifestStore(objects), base, { puts: [changed] });
    objects.reset();
    const result = await diff(base, next);
    expect(result.added).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.changed).toEqual([{ before: tree[31_337], after: changed }]);
    expect(shardReads()).toBeLessThanOrEqual(4);
  }, 30_000);

  it('reports added, removed and changed entries in path order', async () => {
    const next = await applyChanges(createManifestStore(objects), base, {
      puts: [sampleEntry('/data/new.csv'), sampleEntry(samplePath(99_999), 2), { ...tree[500]!, subjects: ['user-1'] }],
      deletes: [samplePath(0), samplePath(60_000)],
    });
    const changes = [];
    for await (const c of diffManifests(createManifestStore(objects), base, next)) changes.push([c.kind, c.path]);
    expect(changes).toEqual([
      ['removed', samplePath(0)],
      ['changed', samplePath(500)],
      ['removed', samplePath(60_000)],
      ['changed', samplePath(99_999)],
      ['added', '/data/new.csv'],
    ]);
  });

  it('reads nothing for identical trees and everything against the empty tree', async () => {
    objects.reset();
    expect(await diff(base, base)).toEqual({ added: [], removed: [], changed: [] });
    expect(objects.counts.get).toBe(0);
    const small = await writeManifest(createManifestStore(objects), [sampleEntry('/a'), sampleEntry('/b')]);
    expect((await diff(null, small)).added.map((e) => e.path)).toEqual(['/a', '/b']);
    expect((await diff(small, null)).removed.map((e) => e.path)).toEqual(['/a', '/b']);
  });

  it('names a missing root as NotFoundError', async () => {
    await expect(diff('0'.repeat(64), base)).rejects.toBeInstanceOf(NotFoundError);
  });
});
