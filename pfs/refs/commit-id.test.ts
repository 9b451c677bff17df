import { describe, expect, it } from 'vitest';
import { isCommitId, looksLikeCommitId, newCommitId } from './commit-id.js';

describe('isCommitId', () => {
  it.each(['c32879ae0e6f4b629a43429b7ec10ccc', '00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff'])(
    'accepts %j',
    (id) => {
      expect(isCommitId(id)).toBe(true);
    },
  );

  it.each([
    'C32879AE0E6F4B629A43429B7EC10CCC',
    'c32879ae-0e6f-4b62-9a43-429b7ec10ccc',
    'c32879ae0e6f4b629a43429b7ec10cc',
    'c32879ae0e6f4b629a43429b7ec10ccc0',
    'g32879ae0e6f4b629a43429b7ec10ccc',
    'master',
    '',
  ])('refuses %j', (id) => {
    expect(isCommitId(id)).toBe(false);
  });

  it('tells the uppercase form apart with looksLikeCommitId', () => {
    expect(looksLikeCommitId('C32879AE0E6F4B629A43429B7EC10CCC')).toBe(true);
    expect(looksLikeCommitId('master')).toBe(false);
  });
});

describe('newCommitId', () => {
  it('makes distinct valid ids', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newCommitId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isCommitId(id)).toBe(true);
  });
});
