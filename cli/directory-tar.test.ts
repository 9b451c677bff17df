import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarDirectory, walkDirectory } from './directory-tar.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stemma-tar-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function extract(body: Readable): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extractor = tar.extract();
  const done = (async () => {
    for await (const entry of extractor) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  for await (const chunk of body) extractor.write(chunk);
  extractor.end(Buffer.alloc(0));
  await done;
  return files;
}

describe('walkDirectory', () => {
  it('yields every regular file with its relative path, and reports what it skips', async () => {
    await mkdir(join(root, 'a/b'), { recursive: true });
    await writeFile(join(root, 'top.txt'), 'x');
    await writeFile(join(root, 'a/b/deep.csv'), 'y');
    await symlink(join(root, 'top.txt'), join(root, 'link.txt'));
    await symlink(join(root, 'a'), join(root, 'dirlink'));
    const skipped: string[] = [];
    const rels: string[] = [];
    for await (const f of walkDirectory(root, (rel) => skipped.push(rel))) rels.push(f.rel);
    expect(rels.sort()).toEqual(['a/b/deep.csv', 'link.txt', 'top.txt']);
    expect(skipped).toEqual(['dirlink']);
  });
});

describe('tarDirectory', () => {
  it('packs every file with its content, empty and large files included', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'z');
    await mkdir(join(root, 'sub'));
    await writeFile(join(root, 'empty'), '');
    await writeFile(join(root, 'sub/big.bin'), big);
    const longName = `${'n'.repeat(150)}.txt`;
    await writeFile(join(root, longName), 'long');
    let bytes = 0;
    let files = 0;
    const packed = tarDirectory(root, { onBytes: (n) => (bytes += n), onFile: () => (files += 1) });
    const out = await extract(packed.body);
    expect(await packed.done).toEqual({ files: 3, bytes: big.length + 4 });
    expect(out.get('empty')?.length).toBe(0);
    expect(out.get('sub/big.bin')?.equals(big)).toBe(true);
    expect(out.get(longName)?.toString()).toBe('long');
    expect(files).toBe(3);
    expect(bytes).toBeGreaterThan(big.length);
  });

  it('stops reading files while the upload does not take the tar', async () => {
    for (let i = 0; i < 200; i++) await writeFile(join(root, `f${i}`), Buffer.alloc(4096, i));
    let files = 0;
    const packed = tarDirectory(root, { onFile: () => (files += 1), windowBytes: 16 * 1024 });
    const iterator = packed.body[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(files).toBeLessThan(40);
    let rest = 0;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest += 1;
    expect(rest).toBeGreaterThan(0);
    expect((await packed.done).files).toBe(200);
  });

  it('fails, naming the file, when a file changes while it is packed', async () => {
    await writeFile(join(root, 'shrinks.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
    const packed = tarDirectory(root);
    const failure = packed.done.catch((err: Error) => err);
    const iterator = packed.body[Symbol.asyncIterator]();
    await iterator.next();
    await truncate(join(root, 'shrinks.bin'), 0);
    await expect((async () => {
      for (let r = await iterator.next(); !r.done; r = await iterator.next());
    })()).rejects.toThrow();
    expect(String(await failure)).toContain(`${join(root, 'shrinks.bin')} changed while it was being uploaded`);
  });
});
