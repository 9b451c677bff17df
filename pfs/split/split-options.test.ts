import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { DEFAULT_MAX_RECORD_BYTES, resolveSplitOptions, type SplitOptions } from './split-options.js';
import { splitRecords } from './split-records.js';

describe('resolveSplitOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveSplitOptions({ format: 'csv' })).toEqual({
      format: 'csv',
      targetFileDatums: 1,
      targetFileBytes: Infinity,
      subjectField: undefined,
      header: true,
      missingSubject: 'error',
      firstFileIndex: 0,
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    });
    expect(resolveSplitOptions({ format: 'line' }).header).toBe(false);
    expect(resolveSplitOptions({ format: 'json' }).header).toBe(false);
  });

  it('sets no record limit when only a byte target is given', () => {
    const resolved = resolveSplitOptions({ format: 'line', targetFileBytes: 100 });
    expect(resolved.targetFileDatums).toBe(Infinity);
    expect(resolved.targetFileBytes).toBe(100);
  });

  it.each<[Partial<SplitOptions>, string]>([
    [{ format: 'xml' as 'csv' }, 'split option format: must be one of line, csv, json, got "xml"'],
    [{ targetFileDatums: 0 }, 'split option targetFileDatums: must be an integer of at least 1, got 0'],
    [{ targetFileDatums: 1.5 }, 'split option targetFileDatums: must be an integer of at least 1, got 1.5'],
    [{ targetFileBytes: -1 }, 'split option targetFileBytes: must be an integer of at least 1, got -1'],
    [{ targetFileBytes: Number.NaN }, 'split option targetFileBytes: must be an integer of at least 1, got NaN'],
    [{ firstFileIndex: -1 }, 'split option firstFileIndex: must be an integer of at least 0, got -1'],
    [{ maxRecordBytes: 0 }, 'split option maxRecordBytes: must be an integer of at least 1, got 0'],
    [{ subjectField: '' }, 'split option subjectField: must be a non-empty column name or key'],
    [{ subjectField: 'user_id', header: false }, 'split option subjectField: names a CSV column, so the CSV needs a header row'],
    [{ missingSubject: 'skip' as 'error' }, 'split option missingSubject: must be one of error, untagged, got "skip"'],
  ])('refuses %j for csv', (options, message) => {
    const act = () => resolveSplitOptions({ format: 'csv', ...options });
    expect(act).toThrow(InvalidArgumentError);
    expect(act).toThrow(message);
  });

  it('refuses a subject field with --split line', () => {
    expect(() => resolveSplitOptions({ format: 'line', subjectField: 'x' })).toThrow('a line has no fields');
  });

  it('refuses a JSON dot path with an empty key', () => {
    for (const subjectField of ['a..b', '.a', 'a.']) {
      expect(() => resolveSplitOptions({ format: 'json', subjectField })).toThrow('has an empty key');
    }
  });

  it('refuses a header for formats other than csv', () => {
    expect(() => resolveSplitOptions({ format: 'json', header: true })).toThrow('header: applies to csv only');
    expect(resolveSplitOptions({ format: 'json', header: false }).header).toBe(false);
  });

  it('is applied when splitRecords is called, before any input is read', () => {
    let read = false;
    async function* input(): AsyncGenerator<Buffer> {
      read = true;
      yield Buffer.from('x\n');
    }
    expect(() => splitRecords(input(), { format: 'line', subjectField: 'x' })).toThrow(InvalidArgumentError);
    expect(read).toBe(false);
  });
});
