/**
 * `ObjectStore` on a local directory: the backend of Stemma's local mode and of unit tests.
 * A key `a/b/c` is the file `<dir>/<prefix>a/b/c`. Writes go to a temporary file under
 * `<dir>/.tmp` and are renamed into place, so a writer that crashes leaves no partial object.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mapObjectStoreError } from './map-object-store-error.js';
import { isInMemoryBody, readAllBytes, toReadable } from './object-body.js';
import {
  assertByteRange,
  assertListPrefix,
  assertObjectKey,
  normalizeKeyPrefix,
  rangeNotSatisfiable,
} from './object-key.js';
import type { ByteRange, ObjectBody, ListOptions, ObjectInfo, ObjectStore, ObjectStoreDescription } from './object-store.js';

export interface LocalDiskObjectStoreOptions {
  /** Root directory; created on first write. */
  dir: string;
  /** Key prefix below the root, e.g. `test-<uuid>/`, so tests share a directory safely. */
  prefix?: string;
}

const TMP_DIR = '.tmp';
const DELETE_CONCURRENCY = 16;

class LocalDiskObjectStore implements ObjectStore {
  private readonly root: string;
  private readonly prefix: string;
  private readonly madeDirs = new Set<string>();

  constructor(opts: LocalDiskObjectStoreOptions) {
    this.root = resolve(opts.dir);
    this.prefix = normalizeKeyPrefix(opts.prefix);
  }

  describe(): ObjectStoreDescription {
    return { kind: 'local', location: join(this.root, this.prefix) };
  }

  async put(key: string, body: ObjectBody): Promise<{ size: number }> {
    assertObjectKey(key);
    const target = this.pathOf(key);
    const tmp = join(this.root, TMP_DIR, `${randomBytes(12).toString('hex')}.part`);
    try {
      await Promise.all([this.ensureDir(dirname(target)), this.ensureDir(dirname(tmp))]);
      if (isInMemoryBody(body)) await writeFile(tmp, body);
      else await pipeline(toReadable(body), createWriteStream(tmp));
      const { size } = await stat(tmp);
      await rename(tmp, target);
      return { size };
    } catch (err) {
      await rm(tmp, { force: true });
      throw this.mapError(err, 'put', key);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    assertByteRange(range);
    const handle = await open(this.pathOf(key), 'r').catch((err: unknown) => {
      throw this.mapError(err, 'get', key);
    });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw this.mapError(Object.assign(new Error('not a file'), { code: 'ENOENT' }), 'get', key);
      if (range && range.start >= info.size && info.size > 0) throw rangeNotSatisfiable(key, range, info.size);
      return handle.createReadStream({ start: range?.start ?? 0, end: range?.end ?? Infinity, autoClose: true });
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async getBuffer(key: string, range?: ByteRange): Promise<Buffer> {
    const stream = await this.get(key, range);
    return readAllBytes(stream).catch((err: unknown) => {
      throw this.mapError(err, 'get', key);
    });
  }

  async head(key: string): Promise<{ size: number } | null> {
    assertObjectKey(key);
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw this.mapError(err, 'head', key);
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw this.mapError(err, 'delete', key);
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
      await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((key) => this.delete(key)));
    }
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    assertListPrefix(prefix);
    const cut = prefix.lastIndexOf('/');
    const dirKey = cut < 0 ? '' : prefix.slice(0, cut + 1);
    const after = opts.startAfter;
    for await (const info of this.walk(dirKey)) {
      if (info.key.startsWith(prefix)) {
        if (after === undefined || info.key > after) yield info;
      } else if (info.key > prefix) return;
    }
  }

  async close(): Promise<void> {}

  /** Files below the directory of `dirKey`, in ascending key order (a directory sorts as `name/`). */
  private async *walk(dirKey: string): AsyncGenerator<ObjectInfo> {
    const dirPath = join(this.root, this.prefix, dirKey);
    let names: { name: string; isDir: boolean }[];
    try {
      const dirents = await readdir(dirPath, { withFileTypes: true });
      names = dirents
        .filter((d) => !(dirKey === '' && this.prefix === '' && d.name === TMP_DIR))
        .map((d) => ({ name: d.isDirectory() ? `${d.name}/` : d.name, isDir: d.isDirectory() }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw this.mapError(err, 'list');
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      if (entry.isDir) {
        yield* this.walk(dirKey + entry.name);
      } else {
        const size = await stat(join(dirPath, entry.name)).then((s) => s.size, () => null);
        if (size !== null) yield { key: dirKey + entry.name, size };
      }
    }
  }

  private pathOf(key: string): string {
    return join(this.root, this.prefix, key);
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  private mapError(err: unknown, operation: string, key?: string): Error {
    return mapObjectStoreError(err, { kind: 'local', location: this.describe().location, operation, key });
  }
}

/** Builds an `ObjectStore` over a local directory (see `LocalDiskObjectStoreOptions`). */
export function createLocalDiskObjectStore(opts: LocalDiskObjectStoreOptions): ObjectStore {
  return new LocalDiskObjectStore(opts);
}
