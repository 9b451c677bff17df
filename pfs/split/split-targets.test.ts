import { describe, expect, it } from 'vitest';
import { splitRecords } from './split-records.js';
import type { RecordFile, SplitOptions } from './split-options.js';

async function split(input: string, options: SplitOptions): Promise<RecordFile[]> {
  const files: RecordFile[] = [];
  for await (const file of splitRecords(Buffer.from(input), options)) files.push(file);
  return files;
}

// Header "id,v\n" is 5 bytes; each row "N,xxxxxx\n" is 9 bytes.
const HEADER = 'id,v\n';
const rows = (n: number) => HEADER + Array.from({ length: n }, (_, i) => `${i},xxxxxx\n`).join('');

describe('targetFileBytes', () => {
  it('closes a file as soon as it reaches the target, header included', async () => {
    // 5 + 9 + 9 = 23 bytes: the file closes exactly at the target.
    const files = await split(rows(6), { format: 'csv', targetFileBytes: 23 });
    expect(files.map((f) => f.recordCount)).toEqual([2, 2, 2]);
    expect(files.map((f) => f.content.length)).toEqual([23, 23, 23]);
  });

  it('goes past the target rather than cut a record', async () => {
    // At 24 bytes, two rows make 23 (under), so a third is added: 32.
    const files = await split(rows(7), { format: 'csv', targetFileBytes: 24 });
    expect(files.map((f) => f.recordCount)).toEqual([3, 3, 1]);
    expect(files.map((f) => f.content.length)).toEqual([32, 32, 14]);
  });

  it('puts a record larger than the target alone in its file', async () => {
    const input = 'short\n' + 'x'.repeat(50) + '\nend\n';
    const files = await split(input, { format: 'line', targetFileBytes: 10 });
    expect(files.map((f) => f.content.toString())).toEqual(['short\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n', 'end\n']);
  });

  it('gives one record per file when the header alone reaches the target', async () => {
    const files = await split(rows(3), { format: 'csv', targetFileBytes: 5 });
    expect(files.map((f) => f.recordCount)).toEqual([1, 1, 1]);
  });

  it('with a target of 1 byte, gives one record per file', async () => {
    const files = await split('a\nb\nc\n', { format: 'line', targetFileBytes: 1 });
    expect(files).toHaveLength(3);
  });

  it('counts bytes, not characters', async () => {
    // "é\n" is 3 bytes: two lines make 6.
    const files = await split('é\né\né\n', { format: 'line', targetFileBytes: 6 });
    expect(files.map((f) => f.recordCount)).toEqual([2, 1]);
  });

  it('puts everything in one file when the target is never reached', async () => {
    const files = await split(rows(4), { format: 'csv', targetFileBytes: 10_000 });
    expect(files).toHaveLength(1);
    expect(files[0]?.content.toString()).toBe(rows(4));
  });
});

describe('targetFileDatums and targetFileBytes together', () => {
  it('closes a file at whichever target is reached first', async () => {
    // Datums 3 would give 32-byte files; bytes 20 closes after 2 rows (23 bytes) first.
    const byBytes = await split(rows(6), { format: 'csv', targetFileDatums: 3, targetFileBytes: 20 });
    expect(byBytes.map((f) => f.recordCount)).toEqual([2, 2, 2]);
    const byDatums = await split(rows(6), { format: 'csv', targetFileDatums: 2, targetFileBytes: 1000 });
    expect(byDatums.map((f) => f.recordCount)).toEqual([2, 2, 2]);
  });

  it('defaults to one record per file when neither is given', async () => {
    expect((await split(rows(4), { format: 'csv' })).map((f) => f.recordCount)).toEqual([1, 1, 1, 1]);
  });

  it('keeps the last, partly filled file', async () => {
    const files = await split(rows(5), { format: 'csv', targetFileDatums: 2 });
    expect(files.map((f) => [f.name, f.firstRecord, f.recordCount])).toEqual([
      ['0000000000000000', 0, 2],
      ['0000000000000001', 2, 2],
      ['0000000000000002', 4, 1],
    ]);
  });
});
