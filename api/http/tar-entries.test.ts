import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { tarFiles } from './tar-entries.js';

type Entry = Partial<Header> & { name: string; body?: string };

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const archive = pack();
  for (const { body, ...header } of entries) archive.entry(header, body ?? '');
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function readAll(body: Buffer) {
  const files: { name: string; size: number; text: string }[] = [];
  for await (const f of tarFiles(Readable.from([body]))) {
    const chunks: Buffer[] = [];
    for await (const chunk of f.stream) chunks.push(chunk as Buffer);
    files.push({ name: f.name, size: f.size, text: Buffer.concat(chunks).toString('utf8') });
  }
  return files;
}

describe('tarFiles', () => {
  it('streams regular files in archive order, skipping directories and a leading ./', async () => {
    const tar = await tarOf([
      { name: './', type: 'directory' },
      { name: './a.txt', body: 'alpha' },
      { name: 'dir/', type: 'directory' },
      { name: 'dir/b.csv', body: 'x,y\n1,2\n' },
      { name: 'empty', body: '' },
    ]);
    expect(await readAll(tar)).toEqual([
      { name: '/a.txt', size: 5, text: 'alpha' },
      { name: '/dir/b.csv', size: 8, text: 'x,y\n1,2\n' },
      { name: '/empty', size: 0, text: '' },
    ]);
  });

  it('refuses an entry that climbs out of the target, naming it', async () => {
    const tar = await tarOf([{ name: 'ok.txt', body: 'x' }, { name: 'a/../../etc/passwd', body: 'root' }]);
    await expect(readAll(tar)).rejects.toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^tar entry "a\/..\/..\/etc\/passwd": path .* ".." segment/) }));
  });

  it('refuses links and other special files', async () => {
    const tar = await tarOf([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }]);
    await expect(readAll(tar)).rejects.toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('tar entry "link" is a symlink') }));
  });

  it('reports a body that is not a tar as INVALID_ARGUMENT', async () => {
    const garbage = Buffer.alloc(1024, 'not a tar header ');
    await expect(readAll(garbage)).rejects.toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('not a valid tar stream') }));
  });

  it('fails on an archive cut short', async () => {
    const tar = await tarOf([{ name: 'big.bin', body: 'z'.repeat(5000) }]);
    await expect(readAll(tar.subarray(0, 2048))).rejects.toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('not a valid tar stream') }));
  });
});
