import { describe, expect, it } from 'vitest';
import { splitRecords } from './split-records.js';
import type { RecordFile, SplitFormat, SplitOptions } from './split-options.js';

async function tree(input: string, options: Partial<SplitOptions> & { format: SplitFormat }): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const file of splitRecords(Buffer.from(input), options)) files.set(file.name, file.content.toString());
  return files;
}

/** Names whose content differs, appeared or disappeared between two splits. */
function changedNames(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

const ROWS = 1000;

function csv(rows: number, edit: (i: number) => string | undefined = () => undefined): string {
  const lines = ['id,user_id,score'];
  for (let i = 0; i < rows; i += 1) lines.push(edit(i) ?? `${i},user-${i % 97},${i * 7}`);
  return lines.join('\n') + '\n';
}

function jsonl(rows: number, edit: (i: number) => string | undefined = () => undefined): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i += 1) lines.push(edit(i) ?? JSON.stringify({ id: i, applicant: { id: `p${i}` }, score: i }));
  return lines.join('\n') + '\n';
}

describe('split stability: re-putting an input with one value changed', () => {
  it.each([1, 10, 7])('csv, %i rows per file: exactly one file changes', async (targetFileDatums) => {
    const options = { format: 'csv' as const, subjectField: 'user_id', targetFileDatums };
    const before = await tree(csv(ROWS), options);
    const after = await tree(csv(ROWS, (i) => (i === 500 ? '500,user-15,9999' : undefined)), options);
    const changed = changedNames(before, after);
    expect(changed).toHaveLength(1);
    expect(after.get(changed[0] as string)).toContain('500,user-15,9999');
    expect(after.size).toBe(before.size);
  });

  it('csv: a change of quoting style alone changes no file', async () => {
    const options = { format: 'csv' as const };
    const before = await tree(csv(50), options);
    const after = await tree(csv(50, (i) => (i === 20 ? '"20","user-20","140"' : undefined)), options);
    expect(changedNames(before, after)).toEqual([]);
  });

  it('csv: a change of line ends alone changes no file', async () => {
    const options = { format: 'csv' as const };
    expect(changedNames(await tree(csv(50), options), await tree(csv(50).replaceAll('\n', '\r\n'), options))).toEqual([]);
  });

  it('json lines: exactly one file changes, and re-indenting changes none', async () => {
    const options = { format: 'json' as const, subjectField: 'applicant.id' };
    const before = await tree(jsonl(ROWS), options);
    const edited = await tree(jsonl(ROWS, (i) => (i === 3 ? '{"id":3,"applicant":{"id":"p3"},"score":-1}' : undefined)), options);
    expect(changedNames(before, edited)).toEqual(['0000000000000003']);
    const spaced = await tree(jsonl(ROWS, (i) => (i === 9 ? '{ "id": 9, "applicant": { "id": "p9" }, "score": 9 }' : undefined)), options);
    expect(changedNames(before, spaced)).toEqual([]);
  });

  it('lines: exactly one file changes', async () => {
    const text = (edit?: number) => Array.from({ length: ROWS }, (_, i) => (i === edit ? 'changed' : `line ${i}`)).join('\n');
    const changed = changedNames(await tree(text(), { format: 'line' }), await tree(text(777), { format: 'line' }));
    expect(changed).toEqual(['0000000000000309']); // 777 = 0x309
  });

  it('an inserted row shifts every later file (documented behaviour of index names)', async () => {
    const options = { format: 'csv' as const };
    const before = await tree(csv(10), options);
    const inserted = csv(10).replace('\n5,', '\n4.5,user-x,0\n5,');
    const changed = changedNames(before, await tree(inserted, options));
    expect(changed).toHaveLength(6); // files 5..9 change and file 10 appears
  });
});

describe('split stability: targetFileBytes', () => {
  it('a same-length value change changes exactly one file', async () => {
    const options = { format: 'csv' as const, targetFileBytes: 200 };
    const before = await tree(csv(ROWS), options);
    const after = await tree(csv(ROWS, (i) => (i === 321 ? '321,user-30,9999' : undefined)), options);
    expect('321,user-30,2247'.length).toBe('321,user-30,9999'.length);
    expect(changedNames(before, after)).toHaveLength(1);
  });
});

describe('split result shape', () => {
  it('covers every record once, in order', async () => {
    const files: RecordFile[] = [];
    for await (const f of splitRecords(Buffer.from(csv(100)), { format: 'csv', targetFileDatums: 9 })) files.push(f);
    let next = 0;
    for (const file of files) {
      expect(file.firstRecord).toBe(next);
      next += file.recordCount;
    }
    expect(next).toBe(100);
  });
});
