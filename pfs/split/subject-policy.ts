import { InvalidArgumentError } from '../../core/errors.js';
import type { MissingSubjectPolicy } from './split-options.js';

/** Where a record sits in the input, for messages: its number (from 1) and its line. */
export interface RecordPosition {
  record: number;
  line: number;
}

/**
 * Applies the missing-subject policy to a record's subject value (already reduced to a
 * string; surrounding whitespace is ignored). A missing or blank value is an error under
 * `error` — a record of a person that cannot be traced to them could not be erased — and
 * leaves the record untagged under `untagged`.
 */
export function applySubjectPolicy(
  value: string | undefined,
  field: string,
  policy: MissingSubjectPolicy,
  at: RecordPosition,
): string | undefined {
  const subject = value?.trim();
  if (subject !== undefined && subject !== '') return subject;
  if (policy === 'untagged') return undefined;
  throw new InvalidArgumentError(
    `${describePosition(at)}: subject field ${JSON.stringify(field)} is ${value === undefined ? 'missing' : 'empty'}; ` +
      `fill it in, or split with missingSubject 'untagged' to keep such records without a subject`,
    { ...at, subjectField: field },
  );
}

/** `record 3 (line 4)`: records are numbered from 1 in messages, header excluded. */
export function describePosition(at: RecordPosition): string {
  return `record ${at.record} (line ${at.line})`;
}
