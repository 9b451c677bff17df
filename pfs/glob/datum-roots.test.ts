import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { matchDatumRoots } from './datum-roots.js';

const tree = ['/a/x', '/a/y', '/b', '/c/d/e.txt', '/c/d/f.csv', '/c/g.txt'];
const rootPaths = (glob: string, paths: string[] = tree) => matchDatumRoots(glob, paths).map((r) => r.path);

describe('matchDatumRoots', () => {
  it('gives one datum of the whole commit for /', () => {
    expect(matchDatumRoots('/', tree)).toEqual([
      { path: '/', isDirectory: true, captures: [], files: [...tree].sort() },
    ]);
  });

  it('gives no datum for an empty commit, even for /', () => {
    expect(matchDatumRoots('/', [])).toEqual([]);
    expect(matchDatumRoots('/*', [])).toEqual([]);
  });

  it('gives each top-level file or directory for /*, with everything under it', () => {
    expect(matchDatumRoots('/*', ['/a/x', '/a/y', '/b'])).toEqual([
      { path: '/a', isDirectory: true, captures: [], files: ['/a/x', '/a/y'] },
      { path: '/b', isDirectory: false, captures: [], files: ['/b'] },
    ]);
  });

  it('gives each second-level entry for /*/*', () => {
    expect(rootPaths('/*/*')).toEqual(['/a/x', '/a/y', '/c/d', '/c/g.txt']);
    expect(matchDatumRoots('/*/*', tree).find((r) => r.path === '/c/d')?.files).toEqual(['/c/d/e.txt', '/c/d/f.csv']);
  });

  it('gives every file and directory at any depth for /**, overlapping as in Pachyderm', () => {
    expect(rootPaths('/**')).toEqual(['/a', '/a/x', '/a/y', '/b', '/c', '/c/d', '/c/d/e.txt', '/c/d/f.csv', '/c/g.txt']);
  });

  it('matches only files for /**.txt', () => {
    expect(rootPaths('/**.txt')).toEqual(['/c/d/e.txt', '/c/g.txt']);
  });

  it('filters by name with /C*', () => {
    expect(rootPaths('/C*', ['/Cats/1.jpg', '/Cats/2.jpg', '/Dogs/1.jpg', '/Cows.csv'])).toEqual(['/Cats', '/Cows.csv']);
  });

  it('matches an exact directory', () => {
    expect(matchDatumRoots('/c/d', tree)).toEqual([
      { path: '/c/d', isDirectory: true, captures: [], files: ['/c/d/e.txt', '/c/d/f.csv'] },
    ]);
  });

  it('returns the captures of each root', () => {
    expect(matchDatumRoots('/(*)_(*).txt', ['/a_1.txt', '/b_2.txt', '/c.txt'])).toEqual([
      { path: '/a_1.txt', isDirectory: false, captures: ['a', '1'], files: ['/a_1.txt'] },
      { path: '/b_2.txt', isDirectory: false, captures: ['b', '2'], files: ['/b_2.txt'] },
    ]);
  });

  it('captures directory names', () => {
    const roots = matchDatumRoots('/(*)', ['/2024/jan.csv', '/2025/feb.csv']);
    expect(roots.map((r) => [r.path, r.captures])).toEqual([
      ['/2024', ['2024']],
      ['/2025', ['2025']],
    ]);
  });

  it('accepts paths without a leading slash and removes duplicates', () => {
    expect(matchDatumRoots('/*', ['a/x', '/a/x', 'b'])).toEqual([
      { path: '/a', isDirectory: true, captures: [], files: ['/a/x'] },
      { path: '/b', isDirectory: false, captures: [], files: ['/b'] },
    ]);
  });

  it('returns roots sorted by path whatever the input order', () => {
    expect(rootPaths('/*', ['/z', '/m/1', '/a'])).toEqual(['/a', '/m', '/z']);
  });

  it('rejects an invalid glob', () => {
    expect(() => matchDatumRoots('/[', tree)).toThrow(InvalidArgumentError);
  });

  it('scales to many files', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `/d${i % 100}/f${i}.txt`);
    const roots = matchDatumRoots('/*', many);
    expect(roots).toHaveLength(100);
    expect(roots.reduce((n, r) => n + r.files.length, 0)).toBe(20_000);
  });
});
