import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createCountingObjectStore, type CountingObjectStore } from '../../pfs/object-store/counting-object-store.js';
import { createTempDirObjectStore, type TempDirObjectStore } from '../../pfs/object-store/temp-dir-object-store.js';
import { createWorkerContentStore } from './worker-content-store.js';

let temp: TempDirObjectStore;
let objects: CountingObjectStore;
beforeAll(async () => {
  temp = await createTempDirObjectStore('worker-content');
  objects = createCountingObjectStore(temp.store);
});
afterAll(() => temp.cleanup());

const read = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('the worker content store', () => {
  it('packs a batch of outputs into one pack, never listing the bucket, and reads them back', async () => {
    const content = createWorkerContentStore(objects, { logger: silentLogger });
    const batch = content.batch();
    const refs = await Promise.all(Array.from({ length: 20 }, (_, i) => batch.add(Buffer.from(`output ${i}\n`))));
    await batch.flush();
    expect(objects.counts.list).toBe(0);
    expect(objects.counts.put).toBe(2); // the pack and its index
    expect(await read(await content.read(refs[7]!))).toBe('output 7\n');
    const again = content.batch();
    expect(await again.add(Buffer.from('output 7\n'))).toEqual(refs[7]);
  });
});
