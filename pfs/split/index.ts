/**
 * Splitting of structured files into record files (`put file --split line|csv|json`),
 * with each record tagged by its data subject when a subject field is given.
 *
 * Decisions, in brief:
 * - Names: 16 lowercase hex digits, the file's sequence number (Pachyderm's `%016x`),
 *   continued from `firstFileIndex` when appending (see `nextSplitFileIndex`).
 * - Content is canonical: line ends become `\n`; CSV rows are rewritten with minimal
 *   quoting under the header row; JSON objects lose whitespace outside strings. A
 *   leading byte-order mark is dropped; empty lines are skipped.
 * - A record without a subject value is an error by default (`missingSubject: 'error'`),
 *   since such a record could not be found again to erase it; `'untagged'` keeps it
 *   with no subject.
 */
export { splitRecords } from './split-records.js';
export type { SplitInput } from './input-chunks.js';
export type { MissingSubjectPolicy, RecordFile, SplitFormat, SplitOptions } from './split-options.js';
export { DEFAULT_MAX_RECORD_BYTES } from './split-options.js';
export { nextSplitFileIndex, parseSplitFileName, splitFileName } from './split-file-name.js';
