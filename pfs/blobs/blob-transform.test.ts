import { afterEach, describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../../core/errors.js';
import { storedBytes } from '../object-store/counting-object-store.js';
import { generatedStream } from '../object-store/generated-stream.js';
import { readAllBytes } from '../object-store/object-body.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { createTempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { packKey } from './blob-keys.js';
import { createBlobStore } from './blob-store.js';
import type { BlobTransform } from './blob-transform.js';
import { isPackedRef } from './content-ref.js';

const KIB = 1024;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => Promise.all(cleanups.splice(0).map((c) => c())));

async function tempObjects(): Promise<ObjectStore> {
  const temp = await createTempDirObjectStore('transform');
  cleanups.push(temp.cleanup);
  return temp.store;
}

/** A stand-in for encryption: XOR with a key byte, plus a 4-byte header so lengths change. */
function xorTransform(id: string, key: number): BlobTransform {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    id,
    encode: async (plain) => Buffer.concat([Buffer.from('XOR!'), xor(plain)]),
    decode: async (stored) => xor(stored.subarray(4)),
  };
}

describe('BlobStore transform seam', () => {
  const secret = Buffer.from('a record about subject 42');
  const subject42 = xorTransform('envelope:subject-42', 0x5a);

  it('stores encoded bytes, records the transform and decodes on read', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects, { resolveTransform: (id) => (id === subject42.id ? subject42 : Promise.reject(new Error(id))) });
    const ref = await blobs.writeFile(secret, { transform: subject42 });
    expect(ref.transform).toBe(subject42.id);
    if (!isPackedRef(ref)) throw new Error('expected a packed ref');
    const raw = await objects.getBuffer(packKey(ref.pack.id), { start: ref.pack.offset, end: ref.pack.offset + ref.pack.length - 1 });
    expect(raw.includes(secret)).toBe(false);
    expect(await blobs.readBuffer(ref)).toEqual(secret);
    expect((await blobs.readBuffer(ref, { range: { start: 2, end: 7 } })).toString()).toBe(secret.subarray(2, 8).toString());
  });

  it('never shares stored bytes between plain and transformed copies of the same content', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects);
    const plain = await blobs.writeFile(secret);
    const encoded = await blobs.writeFile(secret, { transform: subject42 });
    expect(plain.hash).toBe(encoded.hash);
    expect(isPackedRef(plain) && isPackedRef(encoded) && plain.pack.id !== encoded.pack.id).toBe(true);
  });

  it('encodes each chunk of a large file and reads ranges across chunks', async () => {
    const objects = await tempObjects();
    const blobs = createBlobStore(objects, { chunkSize: 16 * KIB, smallFileLimit: 4 * KIB });
    const content = await readAllBytes(generatedStream(50 * KIB, 3));
    const ref = await blobs.writeFile(content, { transform: subject42 });
    const { bytes } = await storedBytes(objects, 'chunks/');
    expect(bytes).toBe(content.length + 4 * 4);
    const got = await blobs.readBuffer(ref, { transform: subject42, range: { start: 16 * KIB - 3, end: 33 * KIB } });
    expect(got.equals(content.subarray(16 * KIB - 3, 33 * KIB + 1))).toBe(true);
  });

  it('refuses to read encoded content without a way to decode it', async () => {
    const blobs = createBlobStore(await tempObjects());
    const ref = await blobs.writeFile(secret, { transform: subject42 });
    await expect(blobs.read(ref)).rejects.toBeInstanceOf(FailedPreconditionError);
  });
});
