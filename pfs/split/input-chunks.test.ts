import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inputChunks, type SplitInput } from './input-chunks.js';

async function bytes(input: SplitInput): Promise<{ data: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of inputChunks(input)) parts.push(chunk);
  return { data: Buffer.concat(parts), chunks: parts.length };
}

const BOM = [0xef, 0xbb, 0xbf];

describe('inputChunks', () => {
  it('reads a buffer, a stream, an iterable of strings and a Uint8Array alike', async () => {
    const expected = Buffer.from('héllo\nworld\n');
    const inputs: SplitInput[] = [
      expected,
      Readable.from([Buffer.from('hél'), Buffer.from('lo\nworld\n')]),
      (async function* () {
        yield 'héllo\n';
        yield 'world\n';
      })(),
      new Uint8Array(expected),
    ];
    for (const input of inputs) expect((await bytes(input)).data).toEqual(expected);
  });

  it('slices a large buffer into chunks of 64 KiB without copying', async () => {
    const big = Buffer.alloc(200 * 1024, 0x61);
    const { data, chunks } = await bytes(big);
    expect(chunks).toBe(4);
    expect(data.equals(big)).toBe(true);
  });

  it('drops a leading byte-order mark, even cut across chunks', async () => {
    const text = [...Buffer.from('abc')];
    expect((await bytes(Buffer.from([...BOM, ...text]))).data.toString()).toBe('abc');
    const cut = Readable.from([Buffer.from([0xef]), Buffer.from([0xbb]), Buffer.from([0xbf, ...text])]);
    expect((await bytes(cut)).data.toString()).toBe('abc');
  });

  it('keeps a byte-order mark that is not at the start', async () => {
    const data = Buffer.from([0x61, ...BOM]);
    expect((await bytes(data)).data).toEqual(data);
  });

  it('keeps bytes that only look like the start of a mark', async () => {
    expect((await bytes(Buffer.from([0xef, 0xbb]))).data).toEqual(Buffer.from([0xef, 0xbb]));
    expect((await bytes(Buffer.from([0xef, 0x61]))).data).toEqual(Buffer.from([0xef, 0x61]));
  });

  it('yields nothing for empty input', async () => {
    expect((await bytes(Buffer.alloc(0))).chunks).toBe(0);
    expect((await bytes(Readable.from([Buffer.alloc(0)]))).chunks).toBe(0);
  });
});
