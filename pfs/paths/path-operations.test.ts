import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { basename, isUnder, joinPath, parentDir } from './path-operations.js';

describe('joinPath', () => {
  it.each([
    [['/data', 'a.csv'], '/data/a.csv'],
    [['/data/', '/a.csv'], '/data/a.csv'],
    [['data', 'sub/dir', 'x.json'], '/data/sub/dir/x.json'],
    [['/', 'a'], '/a'],
    [['/', ''], '/'],
    [[], '/'],
    [['', 'a', ''], '/a'],
    [['/users.csv', '0000000000000000'], '/users.csv/0000000000000000'],
  ])('%j → %j', (parts, expected) => {
    expect(joinPath(...parts)).toBe(expected);
  });

  it.each([
    [['/a', '..', 'b']],
    [['/a', '//b']],
    [['/a', 'b//c']],
    [['/a', '.']],
  ])('refuses %j', (parts) => {
    expect(() => joinPath(...parts)).toThrow(InvalidArgumentError);
  });
});

describe('parentDir', () => {
  it.each([
    ['/a/b/c.csv', '/a/b'],
    ['/a', '/'],
    ['a', '/'],
    ['/', '/'],
    ['/a/b/', '/a'],
  ])('%j → %j', (input, expected) => {
    expect(parentDir(input)).toBe(expected);
  });

  it('refuses invalid paths', () => {
    expect(() => parentDir('/a/../b')).toThrow(InvalidArgumentError);
  });
});

describe('basename', () => {
  it.each([
    ['/a/b/c.csv', 'c.csv'],
    ['/a', 'a'],
    ['a/', 'a'],
    ['/', ''],
  ])('%j → %j', (input, expected) => {
    expect(basename(input)).toBe(expected);
  });
});

describe('isUnder', () => {
  it.each([
    ['/a/b', '/a', true],
    ['/a/b/c', '/a', true],
    ['/a', '/a', true],
    ['/a', '/a/', true],
    ['a/b', 'a', true],
    ['/anything', '/', true],
    ['/', '/', true],
    ['/ab', '/a', false],
    ['/a', '/a/b', false],
    ['/b/a', '/a', false],
    ['/', '/a', false],
  ])('isUnder(%j, %j) is %s', (path, prefix, expected) => {
    expect(isUnder(path, prefix)).toBe(expected);
  });

  it('refuses to compare invalid paths rather than answer false', () => {
    expect(() => isUnder('/a/../etc', '/a')).toThrow(InvalidArgumentError);
    expect(() => isUnder('/a/b', '/a//')).toThrow(InvalidArgumentError);
  });
});
