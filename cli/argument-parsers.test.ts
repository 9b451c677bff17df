import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../core/errors.js';
import { choiceOption, countOption, parseBranchFileRef, parseBranchRef, parseGlobArg, parseHeadRef, parseRepoArg } from './argument-parsers.js';

const ID = 'c32879ae0e6f4b629a43429b7ec10ccc';

describe('countOption', () => {
  it('reads whole numbers of at least the minimum', () => {
    expect(countOption('--limit')('10')).toBe(10);
    expect(countOption('--offset', 0)('0')).toBe(0);
  });

  it.each(['0', '-1', '1.5', 'x', '', '1e3', '9999999999999999'])('refuses %j, naming the flag', (value) => {
    const parse = () => countOption('--limit')(value);
    expect(parse).toThrow(InvalidArgumentError);
    expect(parse).toThrow(`--limit must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  });
});

describe('choiceOption', () => {
  it('accepts a listed word and refuses others with the list', () => {
    const split = choiceOption('--split', ['line', 'csv', 'json'] as const);
    expect(split('csv')).toBe('csv');
    expect(() => split('xml')).toThrow('--split must be one of line, csv, json, got "xml"');
  });
});

describe('parseRepoArg', () => {
  it('reads repo, project/repo and --project', () => {
    expect(parseRepoArg('images')).toEqual({ project: 'default', repo: 'images' });
    expect(parseRepoArg('research/images')).toEqual({ project: 'research', repo: 'images' });
    expect(parseRepoArg('images', 'research')).toEqual({ project: 'research', repo: 'images' });
    expect(parseRepoArg('research/images', 'research')).toEqual({ project: 'research', repo: 'images' });
  });

  it('refuses bad names and two different projects', () => {
    expect(() => parseRepoArg('im.ages')).toThrow('repo name "im.ages" is invalid');
    expect(() => parseRepoArg('a/images', 'b')).toThrow('names project "a" but --project says "b"');
    expect(() => parseRepoArg('')).toThrow('repo name must not be empty');
  });
});

describe('branch references for writes', () => {
  it('accepts a plain branch', () => {
    expect(parseBranchRef('images@dev', 'start commit')).toMatchObject({ project: 'default', repo: 'images', branch: 'dev' });
    expect(parseBranchFileRef('p/images@master:/a/b.csv', 'put file')).toMatchObject({ project: 'p', branch: 'master', path: '/a/b.csv' });
  });

  it.each([`images@${ID}`, 'images@master^', 'images@master.2', `images@master=${ID}`])('refuses %j: a write goes to a branch', (ref) => {
    expect(() => parseBranchRef(ref, 'start commit')).toThrow('start commit needs a branch, not a commit');
  });

  it("passes the parser's own message through", () => {
    expect(() => parseBranchFileRef('images:/a', 'put file')).toThrow('"@" and a branch or commit id are missing');
  });
});

describe('parseHeadRef', () => {
  const repo = { project: 'default', repo: 'images' };
  it('completes a bare ref or id with the branch repo', () => {
    expect(parseHeadRef('master^', repo)).toBe('images@master^');
    expect(parseHeadRef(ID, repo)).toBe(`images@${ID}`);
    expect(parseHeadRef('images@master.1', repo)).toBe('images@master.1');
    expect(parseHeadRef('dev', { project: 'p', repo: 'x' })).toBe('p/x@dev');
  });

  it('refuses a commit of another repo', () => {
    expect(() => parseHeadRef('labels@master', repo)).toThrow('--head "labels@master" is in another repo');
  });
});

describe('parseGlobArg', () => {
  it('splits the ref and the pattern, rooting the pattern', () => {
    expect(parseGlobArg('images@master:/**/*.png')).toEqual({ ref: { project: 'default', repo: 'images', ref: { branch: 'master' } }, pattern: '/**/*.png' });
    expect(parseGlobArg('images@master^:*.csv').pattern).toBe('/*.csv');
  });

  it('refuses a missing or empty pattern', () => {
    expect(() => parseGlobArg('images@master')).toThrow('has no pattern');
    expect(() => parseGlobArg('images@master:')).toThrow('the pattern after ":" is empty');
  });
});
