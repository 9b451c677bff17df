import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatCommitRef, formatFileRef } from './format-ref.js';
import { parseCommitRef, parseFileRef } from './parse-ref.js';

const ID = 'c32879ae0e6f4b629a43429b7ec10ccc';

function refusal(parse: (input: string) => unknown, input: string): InvalidArgumentError {
  try {
    parse(input);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('parseFileRef', () => {
  it.each([
    ['images@master:/a.png', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/a.png' }],
    ['images@master:a.png', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/a.png' }],
    ['images@master', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/' }],
    ['images@master:', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/' }],
    ['images@master:/dir/', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/dir' }],
    ['research/images@dev:/x/y.csv', { project: 'research', repo: 'images', ref: { branch: 'dev' }, path: '/x/y.csv' }],
    [`images@${ID}:/a.png`, { project: 'default', repo: 'images', ref: { commitId: ID }, path: '/a.png' }],
    [
      `images@master=${ID}:/a.png`,
      { project: 'default', repo: 'images', ref: { branch: 'master', commitId: ID }, path: '/a.png' },
    ],
    [
      'images@master^2:/x',
      { project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'parent', n: 2 } }, path: '/x' },
    ],
    [
      'images@master^:/x',
      { project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'parent', n: 1 } }, path: '/x' },
    ],
    [
      'images@master.1',
      { project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'nth', n: 1 } }, path: '/' },
    ],
    [
      `images@${ID}~~:/x`,
      { project: 'default', repo: 'images', ref: { commitId: ID, ancestry: { kind: 'parent', n: 2 } }, path: '/x' },
    ],
    ['images@master:/a:b@c.png', { project: 'default', repo: 'images', ref: { branch: 'master' }, path: '/a:b@c.png' }],
  ])('%j', (input, expected) => {
    expect(parseFileRef(input)).toEqual(expected);
  });

  it.each([
    ['', '"@" and a branch or commit id are missing'],
    ['images', '"@" and a branch or commit id are missing'],
    ['images:/a.png', '"@" and a branch or commit id are missing'],
    ['@master:/a', 'repo name before "@" is missing'],
    ['images@:/a', 'branch or commit id after "@" is missing'],
    ['images@', 'branch or commit id after "@" is missing'],
    ['a/b/c@master:/x', 'more than one "/"'],
    ['/images@master:/x', 'project name must not be empty'],
    ['im ages@master:/x', 'repo name "im ages" is invalid'],
    ['images@mas ter:/x', 'branch name "mas ter" is invalid'],
    ['images@master:/a/../b', '".." segment'],
    ['images@master:/a//b', 'empty segment'],
    ['images@feature.x:/a', 'branch names may not contain "."'],
    ['images@master.0:/a', 'numbered from 1'],
    ['images@master^~:/a', 'must be followed by a number'],
    [`images@${ID.toUpperCase()}:/a`, 'must be written in lowercase'],
    ['images@master=abc:/a', '"abc" is not a commit id'],
    ['images@master@dev:/a', 'branch name "master@dev" is invalid'],
    ['images.meta@master:/a', 'repo name "images.meta" is invalid'],
  ])('refuses %j', (input, problem) => {
    const err = refusal(parseFileRef, input);
    expect(err.message).toContain(`invalid file reference ${JSON.stringify(input)}`);
    expect(err.message).toContain(problem);
    expect(err.message).toContain('expected [project/]repo@branch:/path, e.g. images@master:/a.png');
    expect(err.details).toMatchObject({ input });
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseFileRef(undefined as unknown as string)).toThrow(InvalidArgumentError);
  });
});

describe('parseCommitRef', () => {
  it.each([
    ['images@master', { project: 'default', repo: 'images', ref: { branch: 'master' } }],
    ['images@master^', { project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'parent', n: 1 } } }],
    ['images@master.3', { project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'nth', n: 3 } } }],
    [`p1/images@${ID}`, { project: 'p1', repo: 'images', ref: { commitId: ID } }],
    [`images@dev=${ID}`, { project: 'default', repo: 'images', ref: { branch: 'dev', commitId: ID } }],
  ])('%j', (input, expected) => {
    expect(parseCommitRef(input)).toEqual(expected);
  });

  it.each([
    ['images', '"@" and a branch or commit id are missing'],
    ['images@master:/a.png', 'has no ":path" part'],
    ['images@master^x', 'must be followed by a number'],
  ])('refuses %j', (input, problem) => {
    const err = refusal(parseCommitRef, input);
    expect(err.message).toContain(`invalid commit reference ${JSON.stringify(input)}`);
    expect(err.message).toContain(problem);
    expect(err.message).toContain('expected [project/]repo@branch or repo@<commit id>');
  });
});

describe('formatCommitRef and formatFileRef', () => {
  it.each([
    'images@master',
    'images@master^',
    'images@master^4',
    'images@master.2',
    `images@${ID}`,
    `images@dev=${ID}^2`,
    'research/images@master',
  ])('round-trips %j', (input) => {
    expect(formatCommitRef(parseCommitRef(input))).toBe(input);
  });

  it.each(['images@master:/a.png', 'research/images@master^2:/x/y', `images@${ID}:/`])('round-trips %j', (input) => {
    expect(formatFileRef(parseFileRef(input))).toBe(input);
  });

  it('writes the canonical form of loose input', () => {
    expect(formatFileRef(parseFileRef('default/images@master~~:a.png'))).toBe('images@master^2:/a.png');
  });
});
