import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { nextSplitFileIndex, parseSplitFileName, splitFileName } from './split-file-name.js';

describe('splitFileName', () => {
  it.each([
    [0, '0000000000000000'],
    [1, '0000000000000001'],
    [10, '000000000000000a'],
    [49, '0000000000000031'],
    [2 ** 32, '0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
  ])('%i → %s', (index, name) => {
    expect(splitFileName(index)).toBe(name);
    expect(parseSplitFileName(name)).toBe(index);
  });

  it('sorts names in file order', () => {
    const names = [0, 9, 10, 15, 16, 255, 256, 100000].map(splitFileName);
    expect([...names].sort()).toEqual(names);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %d', (index) => {
    expect(() => splitFileName(index)).toThrow(InvalidArgumentError);
  });
});

describe('parseSplitFileName', () => {
  it.each(['', 'a.csv', '000000000000000A', '000000000000000', '00000000000000000', 'ffffffffffffffff'])(
    'returns undefined for %j',
    (name) => {
      expect(parseSplitFileName(name)).toBeUndefined();
    },
  );
});

describe('nextSplitFileIndex', () => {
  it('continues after the largest index', () => {
    expect(nextSplitFileIndex([])).toBe(0);
    expect(nextSplitFileIndex(['0000000000000000', '0000000000000004', '0000000000000002'])).toBe(5);
  });

  it('refuses a directory holding a file that is not a split file', () => {
    expect(() => nextSplitFileIndex(['0000000000000000', 'notes.txt'])).toThrow(
      'cannot append a split to a directory holding "notes.txt"',
    );
  });
});
