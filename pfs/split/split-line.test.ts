import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { splitRecords } from './split-records.js';
import type { RecordFile, SplitOptions } from './split-options.js';

async function split(
  input: string | Buffer,
  options: Partial<SplitOptions> = {},
  chunkSize?: number,
): Promise<RecordFile[]> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  const source = chunkSize ? Readable.from(slices(bytes, chunkSize)) : bytes;
  const files: RecordFile[] = [];
  for await (const file of splitRecords(source, { format: 'line', ...options })) files.push(file);
  return files;
}

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const texts = (files: RecordFile[]) => files.map((f) => f.content.toString('utf8'));

describe('splitRecords, line', () => {
  it('writes one file per line, as in the Pachyderm count.txt example', async () => {
    const files = await split('Zero\nOne\nTwo\nThree\nFour\n');
    expect(texts(files)).toEqual(['Zero\n', 'One\n', 'Two\n', 'Three\n', 'Four\n']);
    expect(files.at(-1)?.name).toBe('0000000000000004');
  });

  it('numbers files in hexadecimal: the 50th file is 0000000000000031', async () => {
    const input = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const files = await split(input);
    expect(files).toHaveLength(50);
    expect(files[49]?.name).toBe('0000000000000031');
    expect(files[10]?.name).toBe('000000000000000a');
  });

  it('writes CRLF line ends as \\n and ends the last line', async () => {
    expect(texts(await split('a\r\nb\r\nc'))).toEqual(['a\n', 'b\n', 'c\n']);
  });

  it('skips empty lines but keeps lines of spaces, and drops a byte-order mark', async () => {
    const files = await split('\ufeff\na\n\r\n\n  \nb\n\n');
    expect(texts(files)).toEqual(['a\n', '  \n', 'b\n']);
    expect(files.map((f) => f.firstRecord)).toEqual([0, 1, 2]);
  });

  it('keeps a lone carriage return inside a line', async () => {
    expect(texts(await split('a\rb\n'))).toEqual(['a\rb\n']);
  });

  it('gives the same files whatever the chunk boundaries, a CRLF cut included', async () => {
    const input = '\ufeffalpha\r\nbéta\r\n\r\ngamma';
    const whole = await split(input, { targetFileDatums: 2 });
    for (const size of [1, 2, 3, 6]) expect(await split(input, { targetFileDatums: 2 }, size)).toEqual(whole);
  });

  it('keeps bytes that are not UTF-8 as they are', async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0x0a]);
    const files = await split(latin1);
    expect(files.map((f) => [...f.content])).toEqual([[0x63, 0x61, 0x66, 0xe9, 0x0a], [0xff, 0x0a]]);
  });

  it('has no subjects', async () => {
    expect((await split('a\nb\n')).every((f) => f.subjects.length === 0)).toBe(true);
  });

  it('refuses a line longer than maxRecordBytes, naming it', async () => {
    const input = `short\n${'x'.repeat(300)}\n`;
    for (const size of [undefined, 7]) {
      const run = split(input, { maxRecordBytes: 100 }, size);
      await expect(run).rejects.toThrow(InvalidArgumentError);
      await expect(split(input, { maxRecordBytes: 100 }, size)).rejects.toThrow('line 2 is longer than 100 bytes');
    }
  });

  it('accepts a line of exactly maxRecordBytes', async () => {
    expect(await split(`${'x'.repeat(100)}\n`, { maxRecordBytes: 100 })).toHaveLength(1);
  });

  it('yields nothing for an empty input or a byte-order mark alone', async () => {
    expect(await split('')).toEqual([]);
    expect(await split('\ufeff')).toEqual([]);
    expect(await split('\n\r\n')).toEqual([]);
  });
});
