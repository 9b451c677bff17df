/**
 * An `ObjectStore` decorator that counts calls per operation and bytes moved: lets tests and
 * benchmarks check how many round trips an operation costs (e.g. "a lookup reads one shard").
 */
import type { Readable } from 'node:stream';
import type { ByteRange, ObjectBody, ListOptions, ObjectInfo, ObjectStore, ObjectStoreDescription, PutOptions } from './object-store.js';

export interface ObjectStoreCounts {
  put: number;
  get: number;
  head: number;
  delete: number;
  list: number;
  /** Keys read by `get`/`getBuffer`, in call order. */
  readKeys: string[];
  bytesPut: number;
}

export interface CountingObjectStore extends ObjectStore {
  readonly counts: ObjectStoreCounts;
  reset(): void;
}

function emptyCounts(): ObjectStoreCounts {
  return { put: 0, get: 0, head: 0, delete: 0, list: 0, readKeys: [], bytesPut: 0 };
}

export function createCountingObjectStore(inner: ObjectStore): CountingObjectStore {
  let counts = emptyCounts();
  return {
    get counts() {
      return counts;
    },
    reset() {
      counts = emptyCounts();
    },
    async put(key: string, body: ObjectBody, opts?: PutOptions) {
      counts.put++;
      const out = await inner.put(key, body, opts);
      counts.bytesPut += out.size;
      return out;
    },
    get(key: string, range?: ByteRange): Promise<Readable> {
      counts.get++;
      counts.readKeys.push(key);
      return inner.get(key, range);
    },
    getBuffer(key: string, range?: ByteRange): Promise<Buffer> {
      counts.get++;
      counts.readKeys.push(key);
      return inner.getBuffer(key, range);
    },
    head(key: string) {
      counts.head++;
      return inner.head(key);
    },
    delete(key: string) {
      counts.delete++;
      return inner.delete(key);
    },
    deleteMany(keys: readonly string[]) {
      counts.delete += keys.length;
      return inner.deleteMany(keys);
    },
    list(prefix: string, opts?: ListOptions): AsyncIterable<ObjectInfo> {
      counts.list++;
      return inner.list(prefix, opts);
    },
    describe(): ObjectStoreDescription {
      return inner.describe();
    },
    close() {
      return inner.close();
    },
  };
}

/** Total bytes stored under `prefix` (default: the whole store). */
export async function storedBytes(store: ObjectStore, prefix = ''): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  for await (const info of store.list(prefix)) {
    objects++;
    bytes += info.size;
  }
  return { objects, bytes };
}
