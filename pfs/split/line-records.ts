import { InvalidArgumentError } from '../../core/errors.js';
import type { SplitRecord } from './record-file-assembler.js';

const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from('\n');

/**
 * One record per line. Line ends (`\n` or `\r\n`) are written as `\n`, so a file saved on
 * Windows splits into the same records; a last line without a line end gets one. Empty
 * lines are skipped; a line of spaces is a record.
 */
export async function* lineRecords(chunks: AsyncIterable<Buffer>, maxRecordBytes: number): AsyncGenerator<SplitRecord> {
  let pieces: Buffer[] = [];
  let size = 0;
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, start)) {
      line += 1;
      if (size + nl - start > maxRecordBytes) throw tooLong(line, maxRecordBytes);
      if (nl > start) pieces.push(chunk.subarray(start, nl));
      const body = lineBody(pieces);
      if (body) yield { body };
      pieces = [];
      size = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      pieces.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > maxRecordBytes) throw tooLong(line + 1, maxRecordBytes);
    }
  }
  const last = lineBody(pieces);
  if (last) yield { body: last };
}

function lineBody(pieces: Buffer[]): Buffer | undefined {
  const last = pieces.at(-1);
  if (last !== undefined && last[last.length - 1] === CR) pieces[pieces.length - 1] = last.subarray(0, -1);
  if (pieces.every((piece) => piece.length === 0)) return undefined;
  return Buffer.concat([...pieces, NEWLINE]);
}

function tooLong(line: number, maxRecordBytes: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `line ${line} is longer than ${maxRecordBytes} bytes (maxRecordBytes); is this really a line-oriented file?`,
    { line, maxRecordBytes },
  );
}
