import { describe, expect, it } from 'vitest';
import { parseRangeHeader, resolveByteRange } from './byte-range.js';

describe('parseRangeHeader', () => {
  it('reads start-end, start- and -suffix ranges', () => {
    expect(parseRangeHeader('bytes=0-9')).toEqual({ kind: 'from', start: 0, end: 9 });
    expect(parseRangeHeader('bytes=100-')).toEqual({ kind: 'from', start: 100 });
    expect(parseRangeHeader('bytes=-5')).toEqual({ kind: 'suffix', length: 5 });
    expect(parseRangeHeader('Bytes= 3 - 4 ')).toEqual({ kind: 'from', start: 3, end: 4 });
  });

  it('ignores a missing header and units other than bytes', () => {
    expect(parseRangeHeader(undefined)).toBeUndefined();
    expect(parseRangeHeader('')).toBeUndefined();
    expect(parseRangeHeader('items=0-4')).toBeUndefined();
  });

  it.each([
    ['bytes=5-2', 'end comes before the start'],
    ['bytes=0-1,4-5', 'only one range'],
    ['bytes=-', 'expected bytes=start-end'],
    ['bytes=a-b', 'expected bytes=start-end'],
    ['bytes=-0', 'at least one byte'],
    ['0-5', 'expected bytes=start-end'],
  ])('refuses %s naming the header', (header, problem) => {
    expect(() => parseRangeHeader(header)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(problem) }));
    expect(() => parseRangeHeader(header)).toThrow(/header range/);
  });
});

describe('resolveByteRange', () => {
  it('clamps the end to the last byte of the file', () => {
    expect(resolveByteRange({ kind: 'from', start: 2, end: 1000 }, 10)).toEqual({ start: 2, end: 9 });
    expect(resolveByteRange({ kind: 'from', start: 2 }, 10)).toEqual({ start: 2, end: 9 });
  });

  it('turns a suffix into the last bytes, the whole file when it asks for more', () => {
    expect(resolveByteRange({ kind: 'suffix', length: 3 }, 10)).toEqual({ start: 7, end: 9 });
    expect(resolveByteRange({ kind: 'suffix', length: 50 }, 10)).toEqual({ start: 0, end: 9 });
  });
});
