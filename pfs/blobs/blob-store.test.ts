import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createCountingObjectStore, storedBytes } from '../object-store/counting-object-store.js';
import { generatedStream, sha256, sha256OfStream } from '../object-store/generated-stream.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { createTempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { createBlobStore, type BlobStoreOptions } from './blob-store.js';
import { EMPTY_CONTENT_HASH, isPackedRef, type ContentRef } from './content-ref.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function tempObjects(): Promise<ObjectStore> {
  const temp = await createTempDirObjectStore('blobs');
  cleanups.push(temp.cleanup);
  return temp.store;
}

const small: BlobStoreOptions = { chunkSize: 256 * KIB, smallFileLimit: 64 * KIB, packTargetSize: 1 * MIB };

function smallFiles(n: number, seed: string): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`${seed} file ${i} `.repeat(1 + (i % 40))));
}

describe('BlobStore', () => {
  it('packs a small file and reads it back, addressed by its sha256', async () => {
    const blobs = createBlobStore(await tempObjects());
    const body = Buffer.from('hello, stemma');
    const ref = await blobs.writeFile(body);
    expect(ref.hash).toBe(sha256(body));
    expect(ref.size).toBe(body.length);
    expect(isPackedRef(ref)).toBe(true);
    expect(await blobs.readBuffer(ref)).toEqual(body);
  });

  it('stores nothing for an empty file and reads it back empty', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects);
    const ref = await blobs.writeFile(Buffer.alloc(0));
    expect(ref).toEqual({ hash: EMPTY_CONTENT_HASH, size: 0, chunks: [] });
    expect((await blobs.readBuffer(ref)).length).toBe(0);
    expect(await storedBytes(objects)).toEqual({ objects: 0, bytes: 0 });
  });

  it('chunks a large stream of unknown length, hashing the whole content', async () => {
    const blobs = createBlobStore(await tempObjects(), small);
    const size = 3 * MIB + 17;
    const ref = await blobs.writeFile(generatedStream(size, 5));
    const expected = await sha256OfStream(generatedStream(size, 5));
    expect(ref.hash).toBe(expected.hash);
    expect(ref.size).toBe(size);
    expect(isPackedRef(ref) ? [] : ref.chunks).toHaveLength(13);
    expect(await sha256OfStream(await blobs.read(ref))).toEqual(expected);
  });

  it('chooses packing or chunking by size for buffers, streams and size hints', async () => {
    const blobs = createBlobStore(await tempObjects(), small);
    const below = randomBytes(64 * KIB - 1);
    const atLimit = randomBytes(64 * KIB);
    expect(isPackedRef(await blobs.writeFile(below))).toBe(true);
    expect(isPackedRef(await blobs.writeFile(Readable.from([below.subarray(0, 10), below.subarray(10)])))).toBe(true);
    expect(isPackedRef(await blobs.writeFile(atLimit))).toBe(false);
    expect(isPackedRef(await blobs.writeFile(Readable.from([atLimit])))).toBe(false);
    const hinted = await blobs.writeFile(Readable.from([atLimit]), { sizeHint: atLimit.length });
    expect(isPackedRef(hinted)).toBe(false);
    expect(await blobs.readBuffer(hinted)).toEqual(atLimit);
  });

  it('packs 1000 small files into a few objects, and writing them again adds no bytes', async () => {
    const objects = await tempObjects();
    const files = smallFiles(1000, 'dedup');
    const first = await createBlobStore(objects, small).writeMany(files.map((body) => ({ body })));
    const afterFirst = await storedBytes(objects);
    expect(afterFirst.objects).toBeLessThanOrEqual(2 * 8);
    const counting = createCountingObjectStore(objects);
    const again = await createBlobStore(counting, small).writeMany(files.map((body) => ({ body })));
    expect(await storedBytes(objects)).toEqual(afterFirst);
    expect(counting.counts.bytesPut).toBe(0);
    expect(again).toEqual(first);
  });

  it('stores content repeated within one batch once', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects, small);
    const same = Buffer.from('the same bytes, every time');
    const batch = blobs.beginBatch();
    const refs = await Promise.all(Array.from({ length: 500 }, () => batch.add(same)));
    await batch.flush();
    expect(new Set(refs.map((r) => JSON.stringify(r))).size).toBe(1);
    const { bytes } = await storedBytes(objects, 'packs/');
    expect(bytes).toBeLessThan(same.length + 200);
  });

  it('shares the chunks of a large file written twice and of a file that extends it', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects, small);
    const base = await readAll(generatedStream(2 * MIB, 11));
    await blobs.writeFile(base);
    const afterFirst = await storedBytes(objects);
    await createBlobStore(objects, small).writeFile(Readable.from([base]));
    expect(await storedBytes(objects)).toEqual(afterFirst);
    const extended = Buffer.concat([base, Buffer.from('tail')]);
    const ref = await blobs.writeFile(extended);
    const grown = (await storedBytes(objects)).bytes - afterFirst.bytes;
    expect(grown).toBe(4);
    expect(createHash('sha256').update(await blobs.readBuffer(ref)).digest('hex')).toBe(sha256(extended));
  });

  it('reads many files with few requests, coalescing neighbours in a pack', async () => {
    const objects = await tempObjects();
    const counting = createCountingObjectStore(objects);
    const blobs = createBlobStore(counting, small);
    const files = [...smallFiles(300, 'many'), randomBytes(300 * KIB)];
    const refs = await blobs.writeMany(files.map((body) => ({ body })));
    counting.reset();
    const got: Buffer[] = [];
    for await (const { index, body } of blobs.readMany(refs)) got[index] = body;
    expect(got.map((b) => sha256(b))).toEqual(files.map((b) => sha256(b)));
    expect(counting.counts.get).toBeLessThan(20);
  });

  it('rejects the write when a streamed body fails midway', async () => {
    const blobs = createBlobStore(await tempObjects(), small);
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(300 * KIB);
        throw new Error('upstream broke');
      })(),
    );
    await expect(blobs.writeFile(failing)).rejects.toThrow('upstream broke');
  });

  it('finds small files stored by another process after a refresh', async () => {
    const objects = await tempObjects();
    const reader = createBlobStore(objects, small);
    await reader.refreshIndex();
    const ref = await createBlobStore(objects, small).writeFile(Buffer.from('from elsewhere'));
    await reader.refreshIndex();
    const counting = createCountingObjectStore(objects);
    const again: ContentRef = await createBlobStore(counting, { ...small }).writeFile(Buffer.from('from elsewhere'));
    expect(again).toEqual(ref);
    expect(counting.counts.put).toBe(0);
  });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
