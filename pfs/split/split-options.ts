import { InvalidArgumentError } from '../../core/errors.js';

export type SplitFormat = 'line' | 'csv' | 'json';

/** What to do with a record whose subject field is missing or empty. */
export type MissingSubjectPolicy = 'error' | 'untagged';

/** Options of {@link splitRecords}, after `pachctl put file --split`. */
export interface SplitOptions {
  /** `line`: one record per line; `csv`: one per CSV row; `json`: one per JSON object. */
  format: SplitFormat;
  /** Records per file. Default 1 when neither target is given, unlimited when only bytes is. */
  targetFileDatums?: number;
  /** Close a file once its content (header included) reaches this many bytes. */
  targetFileBytes?: number;
  /** CSV header column (surrounding spaces ignored) or JSON dot path (`applicant.id`) holding the subject id. */
  subjectField?: string;
  /** CSV only: the first row is a header, repeated at the top of every file. Default true. */
  header?: boolean;
  /** Default `error`: a record without a subject stops the split, naming the record. */
  missingSubject?: MissingSubjectPolicy;
  /** Number of the first file written, to continue a split directory when appending. Default 0. */
  firstFileIndex?: number;
  /** Largest single record accepted, in bytes. Default 64 MiB. */
  maxRecordBytes?: number;
}

/** One file of a split: a record, or a run of consecutive records. */
export interface RecordFile {
  /** 16 lowercase hex digits, the file's sequence number, as Pachyderm names split files. */
  name: string;
  /** The header (CSV) followed by the records, each ending in `\n`. */
  content: Buffer;
  /** Distinct subject ids of the file's records, in order of first appearance. */
  subjects: string[];
  /** Index (from 0, header excluded) of the file's first record in the input. */
  firstRecord: number;
  recordCount: number;
}

export interface ResolvedSplitOptions {
  format: SplitFormat;
  targetFileDatums: number;
  targetFileBytes: number;
  subjectField: string | undefined;
  header: boolean;
  missingSubject: MissingSubjectPolicy;
  firstFileIndex: number;
  maxRecordBytes: number;
}

const FORMATS: readonly SplitFormat[] = ['line', 'csv', 'json'];
const POLICIES: readonly MissingSubjectPolicy[] = ['error', 'untagged'];
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Checks the options and fills in defaults; every problem names the option at fault. */
export function resolveSplitOptions(options: SplitOptions): ResolvedSplitOptions {
  const format = options.format;
  if (!FORMATS.includes(format)) fail('format', `must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  const datums = optionalCount('targetFileDatums', options.targetFileDatums, 1);
  const bytes = optionalCount('targetFileBytes', options.targetFileBytes, 1);
  return {
    format,
    targetFileDatums: datums ?? (bytes === undefined ? 1 : Infinity),
    targetFileBytes: bytes ?? Infinity,
    subjectField: subjectField(options),
    header: header(options),
    missingSubject: missingSubject(options.missingSubject),
    firstFileIndex: optionalCount('firstFileIndex', options.firstFileIndex, 0) ?? 0,
    maxRecordBytes: optionalCount('maxRecordBytes', options.maxRecordBytes, 1) ?? DEFAULT_MAX_RECORD_BYTES,
  };
}

function subjectField(options: SplitOptions): string | undefined {
  const field = options.subjectField;
  if (field === undefined) return undefined;
  if (typeof field !== 'string' || field.trim() === '') fail('subjectField', 'must be a non-empty column name or key');
  if (options.format === 'line') {
    fail('subjectField', 'is not available with --split line: a line has no fields; split as csv or json to tag subjects');
  }
  if (options.format === 'csv' && options.header === false) {
    fail('subjectField', 'names a CSV column, so the CSV needs a header row (header: true)');
  }
  if (options.format === 'json' && field.split('.').some((key) => key === '')) {
    fail('subjectField', `${JSON.stringify(field)} has an empty key; write a dot path such as applicant.id`);
  }
  return field;
}

function header(options: SplitOptions): boolean {
  if (options.header === undefined) return options.format === 'csv';
  if (options.header && options.format !== 'csv') fail('header', `applies to csv only, not ${options.format}`);
  return options.header;
}

function missingSubject(policy: MissingSubjectPolicy | undefined): MissingSubjectPolicy {
  if (policy === undefined) return 'error';
  if (!POLICIES.includes(policy)) fail('missingSubject', `must be one of ${POLICIES.join(', ')}, got ${JSON.stringify(policy)}`);
  return policy;
}

function optionalCount(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) {
    fail(name, `must be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}

function fail(option: string, problem: string): never {
  throw new InvalidArgumentError(`split option ${option}: ${problem}`, { option });
}
