import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { createCountingObjectStore, type CountingObjectStore } from '../object-store/counting-object-store.js';
import { generatedStream } from '../object-store/generated-stream.js';
import { readAllBytes } from '../object-store/object-body.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { chunkSpans } from './blob-reader.js';
import { createBlobStore, type BlobStore } from './blob-store.js';
import { isPackedRef, type ChunkedContentRef, type ContentRef } from './content-ref.js';

const KIB = 1024;
const CHUNK = 64 * KIB;

describe('BlobStore ranged reads', () => {
  let temp: TempDirObjectStore;
  let objects: CountingObjectStore;
  let blobs: BlobStore;
  let content: Buffer;
  let chunked: ChunkedContentRef;
  let packed: ContentRef;

  beforeAll(async () => {
    temp = await createTempDirObjectStore('ranges');
    objects = createCountingObjectStore(temp.store);
    blobs = createBlobStore(objects, { chunkSize: CHUNK, smallFileLimit: 16 * KIB, readAhead: 3 });
    content = await readAllBytes(generatedStream(5 * CHUNK + 1234, 21));
    chunked = (await blobs.writeFile(content)) as ChunkedContentRef;
    packed = await blobs.writeFile(content.subarray(0, 10 * KIB));
  });

  afterAll(() => temp.cleanup());

  const ranges: [string, number, number | undefined][] = [
    ['inside one chunk', 10, 99],
    ['across one boundary', CHUNK - 5, CHUNK + 5],
    ['across three boundaries', CHUNK - 1, 4 * CHUNK],
    ['starting at a boundary', 2 * CHUNK, 2 * CHUNK + 10],
    ['ending at a boundary', 100, 3 * CHUNK - 1],
    ['open-ended, into the short last chunk', 4 * CHUNK + 7, undefined],
    ['the last byte', 5 * CHUNK + 1233, 5 * CHUNK + 1233],
    ['past the end, clamped', 5 * CHUNK, 10 * CHUNK],
  ];

  it.each(ranges)('reads a range %s', async (_label, start, end) => {
    const got = await blobs.readBuffer(chunked, { range: { start, end } });
    expect(got.equals(content.subarray(start, end === undefined ? undefined : end + 1))).toBe(true);
  });

  it('reads only the chunks a range overlaps', async () => {
    objects.reset();
    await blobs.readBuffer(chunked, { range: { start: CHUNK - 5, end: CHUNK + 5 } });
    expect(objects.counts.get).toBe(2);
    expect(chunkSpans(chunked, { start: CHUNK - 5, end: CHUNK + 5 }).map((s) => [s.start, s.end])).toEqual([
      [CHUNK - 5, CHUNK - 1],
      [0, 5],
    ]);
  });

  it('reads ranges of a packed file with one request', async () => {
    expect(isPackedRef(packed)).toBe(true);
    objects.reset();
    const got = await blobs.readBuffer(packed, { range: { start: 100, end: 5000 } });
    expect(got.equals(content.subarray(100, 5001))).toBe(true);
    expect(objects.counts.get).toBe(1);
  });

  it('rejects a range that starts past the end or is reversed', async () => {
    await expect(blobs.read(chunked, { range: { start: chunked.size } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(blobs.read(packed, { range: { start: 5, end: 4 } })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('streams a whole chunked file in order', async () => {
    const got = await readAllBytes(await blobs.read(chunked));
    expect(got.equals(content)).toBe(true);
  });
});
