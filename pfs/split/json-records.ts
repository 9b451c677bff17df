import { InvalidArgumentError } from '../../core/errors.js';
import { JsonObjectScanner, type ScannedObject } from './json-object-scanner.js';
import type { SplitRecord } from './record-file-assembler.js';
import type { ResolvedSplitOptions } from './split-options.js';
import { applySubjectPolicy, describePosition, type RecordPosition } from './subject-policy.js';

const NEWLINE = Buffer.from('\n');

/**
 * One record per JSON object (JSON lines, or objects one after another). Each record is
 * written as one line, whitespace outside strings removed, so that re-indenting the
 * input does not make new versions. With a subject field, its value (a string or an
 * integer) at the dot path is the record's subject.
 */
export async function* jsonRecords(
  chunks: AsyncIterable<Buffer>,
  options: ResolvedSplitOptions,
): AsyncGenerator<SplitRecord> {
  const scanner = new JsonObjectScanner(options.maxRecordBytes);
  let record = 0;
  for await (const chunk of chunks) {
    for (const object of scanner.push(chunk)) {
      record += 1;
      yield toRecord(object, { record, line: object.line }, options);
    }
  }
  scanner.end();
}

function toRecord(object: ScannedObject, at: RecordPosition, options: ResolvedSplitOptions): SplitRecord {
  const body = Buffer.concat([object.text, NEWLINE]);
  const field = options.subjectField;
  if (field === undefined) {
    parseObject(object, at);
    return { body };
  }
  const value = subjectValue(parseObject(object, at), field, at);
  const subject = applySubjectPolicy(value, field, options.missingSubject, at);
  return subject === undefined ? { body } : { body, subject };
}

function parseObject(object: ScannedObject, at: RecordPosition): Record<string, unknown> {
  try {
    return JSON.parse(object.text.toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidArgumentError(`${describePosition(at)}: invalid JSON (${(err as Error).message})`, { ...at });
  }
}

/** The value at a dot path, as a subject id: strings as they are, safe integers in decimal. */
function subjectValue(object: Record<string, unknown>, path: string, at: RecordPosition): string | undefined {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  const problem =
    typeof value === 'number'
      ? `is the number ${String(value)}, which is not an integer a subject id can be read from exactly; write the id as a JSON string`
      : `is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}; a subject id must be a string or an integer`;
  throw new InvalidArgumentError(`${describePosition(at)}: subject field ${JSON.stringify(path)} ${problem}`, {
    ...at,
    subjectField: path,
  });
}
