import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createCountingObjectStore } from '../object-store/counting-object-store.js';
import { generatedStream, sha256OfStream } from '../object-store/generated-stream.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { createBlobStore } from './blob-store.js';

const MIB = 1024 * 1024;

describe('BlobStore memory bound', () => {
  let temp: TempDirObjectStore;
  afterAll(() => temp?.cleanup());

  it('streams a 64 MiB file while holding only a few chunks, without RSS growing with the file', async () => {
    temp = await createTempDirObjectStore('memory');
    const objects = createCountingObjectStore(temp.store);
    const blobs = createBlobStore(objects, { chunkSize: MIB, uploadConcurrency: 2 });
    const size = 64 * MIB;
    let produced = 0;
    let furthestAhead = 0;
    const source = generatedStream(size, 77);
    const watched = Readable.from(
      (async function* () {
        for await (const piece of source) {
          produced += (piece as Buffer).length;
          furthestAhead = Math.max(furthestAhead, produced - objects.counts.bytesPut);
          yield piece as Buffer;
        }
      })(),
    );
    const rssBefore = process.memoryUsage().rss;
    const ref = await blobs.writeFile(watched);
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(ref.size).toBe(size);
    // chunks in flight (2) + one waiting + one filling + the stream's own read-ahead (16 pieces of 256 KiB)
    expect(furthestAhead).toBeLessThanOrEqual(9 * MIB);
    expect(rssGrowth).toBeLessThan(size);
    expect(await sha256OfStream(await blobs.read(ref))).toEqual(await sha256OfStream(generatedStream(size, 77)));
  }, 30_000);
});
