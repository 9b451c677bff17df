import { csvRecords, type CsvItem } from './csv-records.js';
import { inputChunks, type SplitInput } from './input-chunks.js';
import { jsonRecords } from './json-records.js';
import { lineRecords } from './line-records.js';
import { RecordFileAssembler } from './record-file-assembler.js';
import { type RecordFile, resolveSplitOptions, type ResolvedSplitOptions, type SplitOptions } from './split-options.js';

/**
 * Splits one structured file into record files, as `pachctl put file --split` does, so
 * that each record (or run of records) gets its own version and lineage. The input is
 * read as it is consumed: only the file being filled is held in memory.
 *
 * Files are named by sequence number in 16 hex digits, as Pachyderm names them
 * (`0000000000000000`, `0000000000000001`, ...). With a fixed number of records per file
 * (the default is one), re-putting the input with one record's value changed changes
 * exactly one file; inserting or deleting a record shifts every later file, which then
 * reads as changed. With `targetFileBytes`, a change in a record's length may move the
 * later boundaries too.
 *
 * Options are checked at once (an invalid one throws before any reading); problems in the
 * data throw `InvalidArgumentError` from the iteration, naming the record or line.
 */
export function splitRecords(input: SplitInput, options: SplitOptions): AsyncIterable<RecordFile> {
  const resolved = resolveSplitOptions(options);
  return assembleFiles(input, resolved);
}

async function* assembleFiles(input: SplitInput, options: ResolvedSplitOptions): AsyncGenerator<RecordFile> {
  const assembler = new RecordFileAssembler(options);
  for await (const item of readRecords(input, options)) {
    if (item.header) {
      assembler.setHeader(item.body);
      continue;
    }
    const file = assembler.add(item);
    if (file) yield file;
  }
  const last = assembler.finish();
  if (last) yield last;
}

function readRecords(input: SplitInput, options: ResolvedSplitOptions): AsyncIterable<CsvItem> {
  const chunks = inputChunks(input);
  switch (options.format) {
    case 'csv':
      return csvRecords(chunks, options);
    case 'json':
      return jsonRecords(chunks, options);
    case 'line':
      return lineRecords(chunks, options.maxRecordBytes);
  }
}
