import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitRecords } from './split-records.js';
import type { SplitFormat } from './split-options.js';

const ROWS = 200_000;

/** A lazily generated input that counts how many rows have been pulled from it. */
function generatedInput(format: SplitFormat, rows: number): { stream: Readable; produced: () => number } {
  let produced = 0;
  function row(i: number): string {
    if (format === 'json') return JSON.stringify({ id: i, user: { id: `u${i % 5000}` }, note: 'a, "b"' }) + '\n';
    if (format === 'csv') return `${i},u${i % 5000},"a, ""b"""\n`;
    return `line ${i}\n`;
  }
  function* lines(): Generator<string> {
    if (format === 'csv') yield 'id,user_id,note\n';
    for (let i = 0; i < rows; i += 1) {
      produced += 1;
      yield row(i);
    }
  }
  // Batches of 100 rows per chunk keep the generator cheap while staying a true stream.
  function* batches(): Generator<Buffer> {
    let batch: string[] = [];
    for (const line of lines()) {
      batch.push(line);
      if (batch.length === 100) {
        yield Buffer.from(batch.join(''));
        batch = [];
      }
    }
    if (batch.length > 0) yield Buffer.from(batch.join(''));
  }
  return { stream: Readable.from(batches()), produced: () => produced };
}

const subjectFields: Record<SplitFormat, string | undefined> = { csv: 'user_id', json: 'user.id', line: undefined };

describe.each(['csv', 'json', 'line'] as const)('splitRecords streams %s input', (format) => {
  it(`splits ${ROWS} generated rows without reading ahead of what it has written`, async () => {
    const input = generatedInput(format, ROWS);
    const subjectField = subjectFields[format];
    let files = 0;
    let records = 0;
    let maxReadAhead = 0;
    let producedAtFirstFile = -1;
    for await (const file of splitRecords(input.stream, { format, targetFileDatums: 1000, subjectField })) {
      if (producedAtFirstFile === -1) producedAtFirstFile = input.produced();
      expect(file.firstRecord).toBe(records);
      records += file.recordCount;
      files += 1;
      maxReadAhead = Math.max(maxReadAhead, input.produced() - records);
      if (subjectField) expect(file.subjects.length).toBe(1000);
    }
    expect(records).toBe(ROWS);
    expect(files).toBe(ROWS / 1000);
    // The first file arrives long before the input is exhausted, and reading never runs
    // far ahead of the files handed out: the input is not buffered whole.
    expect(producedAtFirstFile).toBeLessThan(ROWS / 10);
    expect(maxReadAhead).toBeLessThan(ROWS / 10);
  }, 60_000);
});

describe('splitRecords with a slow consumer', () => {
  it('stops pulling input while the consumer is busy', async () => {
    const input = generatedInput('csv', ROWS);
    const iterator = splitRecords(input.stream, { format: 'csv' })[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(input.produced()).toBeLessThan(ROWS / 10);
    await iterator.return?.();
  });

  it('releases the input when the consumer stops early', async () => {
    const input = generatedInput('csv', ROWS);
    for await (const file of splitRecords(input.stream, { format: 'csv' })) {
      if (file.firstRecord === 10) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.stream.destroyed).toBe(true);
  });
});
