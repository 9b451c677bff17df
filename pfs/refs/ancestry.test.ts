import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatAncestry, parseAncestry } from './ancestry.js';

describe('parseAncestry', () => {
  it.each([
    ['master', { base: 'master' }],
    ['master^', { base: 'master', ancestry: { kind: 'parent', n: 1 } }],
    ['master^^', { base: 'master', ancestry: { kind: 'parent', n: 2 } }],
    ['master^^^^', { base: 'master', ancestry: { kind: 'parent', n: 4 } }],
    ['master^2', { base: 'master', ancestry: { kind: 'parent', n: 2 } }],
    ['master^10', { base: 'master', ancestry: { kind: 'parent', n: 10 } }],
    ['master~', { base: 'master', ancestry: { kind: 'parent', n: 1 } }],
    ['master~~~', { base: 'master', ancestry: { kind: 'parent', n: 3 } }],
    ['master~3', { base: 'master', ancestry: { kind: 'parent', n: 3 } }],
    ['master^0', { base: 'master' }],
    ['master~0', { base: 'master' }],
    ['master.1', { base: 'master', ancestry: { kind: 'nth', n: 1 } }],
    ['master.42', { base: 'master', ancestry: { kind: 'nth', n: 42 } }],
    ['master^1000000', { base: 'master', ancestry: { kind: 'parent', n: 1000000 } }],
    ['c32879ae0e6f4b629a43429b7ec10ccc^', { base: 'c32879ae0e6f4b629a43429b7ec10ccc', ancestry: { kind: 'parent', n: 1 } }],
  ])('%j', (input, expected) => {
    expect(parseAncestry(input)).toEqual(expected);
  });

  it.each([
    ['master.0', 'numbered from 1'],
    ['master.', '"." must be followed by a commit number'],
    ['feature.x', 'branch names may not contain "."'],
    ['master..', '"." must be followed by a commit number'],
    ['master^~', 'must be followed by a number or only more "^"'],
    ['master^2^', 'must be followed by a number or only more "^"'],
    ['master~x', 'must be followed by a number or only more "~"'],
    ['master^-1', 'must be followed by a number'],
    ['^', 'must follow a branch or commit id'],
    ['.1', 'must follow a branch or commit id'],
    ['master^1234567890123456', 'must be followed by a number'],
  ])('refuses %j', (input, problem) => {
    const act = () => parseAncestry(input);
    expect(act).toThrow(InvalidArgumentError);
    expect(act).toThrow(problem);
    expect(act).toThrow(JSON.stringify(input));
  });
});

describe('formatAncestry', () => {
  it.each([
    ['master', undefined, 'master'],
    ['master', { kind: 'parent', n: 1 } as const, 'master^'],
    ['master', { kind: 'parent', n: 3 } as const, 'master^3'],
    ['master', { kind: 'nth', n: 1 } as const, 'master.1'],
  ])('%s %j → %s', (base, ancestry, expected) => {
    expect(formatAncestry(base, ancestry)).toBe(expected);
  });

  it('round-trips through parseAncestry', () => {
    for (const input of ['master', 'master^', 'master^7', 'master.3']) {
      const { base, ancestry } = parseAncestry(input);
      expect(formatAncestry(base, ancestry)).toBe(input);
    }
  });
});
