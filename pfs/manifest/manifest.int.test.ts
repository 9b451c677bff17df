import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStackS3Config } from '../object-store/local-stack-s3-config.js';
import { createS3ObjectStore, type S3ObjectStore } from '../object-store/s3-object-store.js';
import { applyChanges } from './apply-manifest-changes.js';
import { collectManifestDiff, diffManifests } from './diff-manifests.js';
import { createManifestStore } from './manifest-store.js';
import { lookup, readManifest } from './read-manifest.js';
import { sampleEntry, samplePath, sampleTree } from './sample-manifest-entries.js';
import { writeManifest } from './write-manifest.js';

describe('manifests on MinIO', () => {
  let objects: S3ObjectStore;

  beforeAll(async () => {
    objects = createS3ObjectStore(localStackS3Config(), { prefix: `test-${randomUUID()}` });
    await objects.ensureBucket();
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const info of objects.list('')) keys.push(info.key);
    await objects.deleteMany(keys);
    await objects.close();
  });

  it('writes, edits, looks up, lists and diffs a 20,000-file tree', async () => {
    const tree = sampleTree(20_000);
    const base = await writeManifest(createManifestStore(objects), tree);
    const changed = sampleEntry(samplePath(12_345), 1);
    const next = await applyChanges(createManifestStore(objects), base, { puts: [changed], deletes: [samplePath(3)] });
    expect(await lookup(createManifestStore(objects), next, changed.path)).toEqual(changed);
    let listed = 0;
    for await (const _ of readManifest(createManifestStore(objects), next, { prefix: '/data/dir-007/' })) listed++;
    expect(listed).toBe(1000);
    const diff = await collectManifestDiff(diffManifests(createManifestStore(objects), base, next));
    expect(diff.changed.map((c) => c.after.path)).toEqual([changed.path]);
    expect(diff.removed.map((e) => e.path)).toEqual([samplePath(3)]);
  });
});
