/**
 * The `ObjectStore` contract as a test suite: every adapter runs it (local disk in the unit
 * project, S3 against MinIO in the integration project), so the adapters cannot drift apart.
 * `makeStore` must return a store isolated by a fresh key prefix; the suite empties it at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { generatedStream, sha256OfStream } from './generated-stream.js';
import { readAllBytes } from './object-body.js';
import type { ObjectStore } from './object-store.js';

const MIB = 1024 * 1024;

export function describeObjectStoreConformance(name: string, makeStore: () => Promise<ObjectStore>): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    let store: ObjectStore;
    const ns = () => `t-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      store = await makeStore();
    });

    afterAll(async () => {
      if (!store) return;
      const keys: string[] = [];
      for await (const info of store.list('')) keys.push(info.key);
      await store.deleteMany(keys);
      await store.close();
    });

    it('stores a buffer and reads it back whole, as a stream and as a buffer', async () => {
      const key = `${ns()}/a.bin`;
      const body = randomBytes(10_000);
      expect(await store.put(key, body)).toEqual({ size: body.length });
      expect(await store.head(key)).toEqual({ size: body.length });
      expect(await store.getBuffer(key)).toEqual(body);
      expect(await readAllBytes(await store.get(key))).toEqual(body);
    });

    it('stores a Uint8Array and an empty object', async () => {
      const dir = ns();
      await store.put(`${dir}/u8`, new Uint8Array([1, 2, 3]));
      await store.put(`${dir}/empty`, Buffer.alloc(0));
      expect([...(await store.getBuffer(`${dir}/u8`))]).toEqual([1, 2, 3]);
      expect((await store.getBuffer(`${dir}/empty`)).length).toBe(0);
      expect(await store.head(`${dir}/empty`)).toEqual({ size: 0 });
    });

    it('stores streams of known and unknown length, larger than one multipart part', async () => {
      const dir = ns();
      const size = 9 * MIB + 123;
      const expected = await sha256OfStream(generatedStream(size, 7));
      expect(await store.put(`${dir}/unknown`, generatedStream(size, 7))).toEqual({ size });
      expect(await store.put(`${dir}/known`, generatedStream(1000, 3), { contentLength: 1000 })).toEqual({ size: 1000 });
      expect(await sha256OfStream(await store.get(`${dir}/unknown`))).toEqual(expected);
      expect(await store.head(`${dir}/known`)).toEqual({ size: 1000 });
    });

    it('replaces an object on a second put', async () => {
      const key = `${ns()}/x`;
      await store.put(key, Buffer.from('first version'));
      await store.put(key, Buffer.from('second'));
      expect((await store.getBuffer(key)).toString()).toBe('second');
    });

    it('reports a missing object as NotFoundError from get and getBuffer, and null from head', async () => {
      const key = `${ns()}/missing`;
      await expect(store.get(key)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.getBuffer(key, { start: 0, end: 3 })).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.head(key)).toBeNull();
    });

    it('reads inclusive byte ranges, open-ended ranges and ranges clamped at the end', async () => {
      const key = `${ns()}/r`;
      const body = Buffer.from('0123456789abcdef');
      await store.put(key, body);
      expect((await store.getBuffer(key, { start: 2, end: 5 })).toString()).toBe('2345');
      expect((await store.getBuffer(key, { start: 10 })).toString()).toBe('abcdef');
      expect((await store.getBuffer(key, { start: 14, end: 100 })).toString()).toBe('ef');
      expect((await readAllBytes(await store.get(key, { start: 15, end: 15 }))).toString()).toBe('f');
    });

    it('rejects a range starting past the end, and malformed ranges, with InvalidArgumentError', async () => {
      const key = `${ns()}/r`;
      await store.put(key, Buffer.from('0123'));
      await expect(store.getBuffer(key, { start: 4 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.getBuffer(key, { start: 3, end: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.getBuffer(key, { start: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    });

    it('rejects keys that could escape the namespace', async () => {
      for (const key of ['', '/abs', 'a//b', '../up', 'a/./b', 'trailing/']) {
        await expect(store.put(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidArgumentError);
      }
    });

    it('deletes one object, many objects, and ignores missing keys', async () => {
      const dir = ns();
      const keys = Array.from({ length: 25 }, (_, i) => `${dir}/k${i}`);
      await Promise.all(keys.map((k) => store.put(k, Buffer.from(k))));
      await store.delete(keys[0]!);
      await store.delete(`${dir}/never-existed`);
      expect(await store.head(keys[0]!)).toBeNull();
      await store.deleteMany([...keys.slice(1), `${dir}/also-missing`]);
      const left: string[] = [];
      for await (const info of store.list(`${dir}/`)) left.push(info.key);
      expect(left).toEqual([]);
    });

    it('lists keys under a prefix in ascending key order with their sizes', async () => {
      const dir = ns();
      const keys = [`${dir}/a/b`, `${dir}/a.txt`, `${dir}/a1`, `${dir}/ab/c/d`, `${dir}/b`, `${dir}-sibling`];
      await Promise.all(keys.map((k, i) => store.put(k, Buffer.alloc(i + 1))));
      const listed: { key: string; size: number }[] = [];
      for await (const info of store.list(`${dir}/a`)) listed.push(info);
      expect(listed).toEqual([
        { key: `${dir}/a.txt`, size: 2 },
        { key: `${dir}/a/b`, size: 1 },
        { key: `${dir}/a1`, size: 3 },
        { key: `${dir}/ab/c/d`, size: 4 },
      ]);
      const all: string[] = [];
      for await (const info of store.list(`${dir}/`)) all.push(info.key);
      expect(all).toHaveLength(5);
      const none: string[] = [];
      for await (const info of store.list(`${ns()}/`)) none.push(info.key);
      expect(none).toEqual([]);
    });

    it('lists only the keys after startAfter, in order, under the prefix', async () => {
      const dir = ns();
      const keys = [`${dir}/p/000a-x`, `${dir}/p/000b-y`, `${dir}/p/000b-z`, `${dir}/p/000c-w`, `${dir}/q`];
      await Promise.all(keys.map((k) => store.put(k, Buffer.from(k))));
      const after = async (startAfter: string) => {
        const listed: string[] = [];
        for await (const info of store.list(`${dir}/p/`, { startAfter })) listed.push(info.key);
        return listed;
      };
      expect(await after(`${dir}/p/000b`)).toEqual([`${dir}/p/000b-y`, `${dir}/p/000b-z`, `${dir}/p/000c-w`]);
      expect(await after(`${dir}/p/000b-y`)).toEqual([`${dir}/p/000b-z`, `${dir}/p/000c-w`]);
      expect(await after(`${dir}/p/000d`)).toEqual([]);
      expect(await after(`${dir}/`)).toEqual(keys.slice(0, 4));
    });

    it('leaves no object behind when a streamed body fails midway', async () => {
      const key = `${ns()}/broken`;
      const failing = Readable.from(
        (async function* () {
          yield Buffer.alloc(64 * 1024, 1);
          throw new Error('source broke');
        })(),
      );
      await expect(store.put(key, failing)).rejects.toThrow();
      expect(await store.head(key)).toBeNull();
    });

    it('never exposes a partial object while concurrent writers replace it', async () => {
      const key = `${ns()}/race`;
      const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(256 * 1024, i + 1));
      await Promise.all(bodies.map((b) => store.put(key, b)));
      const final = await store.getBuffer(key);
      expect(bodies.some((b) => b.equals(final))).toBe(true);
    });

    it('describes itself', () => {
      const d = store.describe();
      expect(['s3', 'local']).toContain(d.kind);
      expect(d.location.length).toBeGreaterThan(0);
    });
  });
}
