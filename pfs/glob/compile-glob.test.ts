import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { compileGlob, normaliseGlob, normalisePath } from './compile-glob.js';

const matches = (glob: string, path: string) => compileGlob(glob).match(path).matched;
const captures = (glob: string, path: string) => compileGlob(glob).match(path).captures;

describe('normaliseGlob', () => {
  it.each([
    ['/', '/'],
    ['*', '/*'],
    ['/*/', '/*'],
    ['//', '/'],
    ['a/b', '/a/b'],
  ])('%s → %s', (glob, clean) => expect(normaliseGlob(glob)).toBe(clean));

  it('rejects an empty glob', () => {
    expect(() => normaliseGlob('')).toThrow(InvalidArgumentError);
    expect(() => normaliseGlob('  ')).toThrow('glob must not be empty');
  });
});

describe('normalisePath', () => {
  it.each([
    ['a/b', '/a/b'],
    ['/a/b/', '/a/b'],
    ['/', '/'],
  ])('%s → %s', (path, clean) => expect(normalisePath(path)).toBe(clean));
});

describe('compileGlob: wildcards', () => {
  it.each<[string, string, boolean]>([
    ['/', '/', true],
    ['/', '/a', false],
    ['/*', '/a', true],
    ['/*', '/a.txt', true],
    ['/*', '/a/b', false],
    ['/*', '/', false],
    ['/*', '/.hidden', true],
    ['/*/*', '/a/b', true],
    ['/*/*', '/a', false],
    ['/*/*', '/a/b/c', false],
    ['/C*', '/Cats', true],
    ['/C*', '/C', true],
    ['/C*', '/dogs', false],
    ['/C*', '/x/Cats', false],
    ['/**', '/a', true],
    ['/**', '/a/b/c.txt', true],
    ['/**', '/', false],
    ['/**.txt', '/a/b/c.txt', true],
    ['/**.txt', '/a/b/c.csv', false],
    ['/a/**/z', '/a/b/c/z', true],
    ['/a/**/z', '/a/z', false],
    ['/?', '/a', true],
    ['/?', '/ab', false],
    ['/a?c', '/a/c', false],
    ['/file?.txt', '/file1.txt', true],
    ['/*.txt', '/notes.txt', true],
    ['/*.txt', '/notes.txt.bak', false],
    ['/dir/file.txt', '/dir/file.txt', true],
    ['/dir/file.txt', '/dir/file_txt', false],
  ])('%s on %s → %s', (glob, path, expected) => expect(matches(glob, path)).toBe(expected));

  it('matches regardless of a trailing slash on the path or a missing leading slash', () => {
    expect(matches('/*', '/a/')).toBe(true);
    expect(matches('*', 'a')).toBe(true);
  });

  it('treats regular-expression characters in the glob literally', () => {
    expect(matches('/a.b', '/a.b')).toBe(true);
    expect(matches('/a.b', '/axb')).toBe(false);
    expect(matches('/a$^b', '/a$^b')).toBe(true);
    expect(matches('/x)y|z', '/x)y|z')).toBe(true);
    expect(matches('/a,b}', '/a,b}')).toBe(true);
  });

  it('handles non-ASCII paths', () => {
    expect(matches('/données/?.csv', '/données/é.csv')).toBe(true);
  });
});

describe('compileGlob: character classes', () => {
  it.each<[string, string, boolean]>([
    ['/[abc].txt', '/b.txt', true],
    ['/[abc].txt', '/d.txt', false],
    ['/[!abc].txt', '/d.txt', true],
    ['/[!abc].txt', '/a.txt', false],
    ['/[a-c]at', '/bat', true],
    ['/[a-c]at', '/fat', false],
    ['/[!a-c]at', '/fat', true],
    ['/[a-z0-9_]x', '/_x', true],
    ['/[a-z0-9_]x', '/-x', false],
    ['/[\\]]', '/]', true],
    ['/[a-]', '/-', true],
    ['/[^]', '/^', true],
  ])('%s on %s → %s', (glob, path, expected) => expect(matches(glob, path)).toBe(expected));

  it('lets a negated class match "/", as Pachyderm\'s ohmyglob does', () => {
    expect(matches('/a[!b]c', '/a/c')).toBe(true);
  });
});

describe('compileGlob: alternatives and escapes', () => {
  it.each<[string, string, boolean]>([
    ['/{cat,bat,[fr]at}', '/cat', true],
    ['/{cat,bat,[fr]at}', '/rat', true],
    ['/{cat,bat,[fr]at}', '/zat', false],
    ['/*.{csv,json}', '/a.json', true],
    ['/*.{csv,json}', '/a.txt', false],
    ['/{a,b/c}', '/b/c', true],
    ['/\\*', '/*', true],
    ['/\\*', '/a', false],
    ['/\\{a\\}', '/{a}', true],
  ])('%s on %s → %s', (glob, path, expected) => expect(matches(glob, path)).toBe(expected));
});

describe('compileGlob: capture groups', () => {
  it('reproduces the capture table of Pachyderm\'s join documentation', () => {
    const path = '/foo/bar-123/ABC.txt';
    expect(captures('/(*)', '/foo')).toEqual(['foo']);
    expect(captures('/*/bar-(*)', '/foo/bar-123')).toEqual(['123']);
    expect(captures('/(*)/*/(??)*.txt', path)).toEqual(['foo', 'AB']);
    expect(captures('/*/(bar-(123))/*', path)).toEqual(['bar-123', '123']);
  });

  it('captures greedily, leftmost first', () => {
    expect(captures('/(*)_(*).txt', '/a_b.txt')).toEqual(['a', 'b']);
    expect(captures('/(*)_(*).txt', '/a_b_c.txt')).toEqual(['a_b', 'c']);
  });

  it('counts the capture groups', () => {
    expect(compileGlob('/*').captureCount).toBe(0);
    expect(compileGlob('/(*)_(*).txt').captureCount).toBe(2);
    expect(compileGlob('/*/(bar-(123))/*').captureCount).toBe(2);
    expect(compileGlob('/').captureCount).toBe(0);
  });

  it('supports alternatives inside a capture group', () => {
    expect(captures('/test/(a|b)/x.go', '/test/b/x.go')).toEqual(['b']);
    expect(matches('/test/(a|b)/x.go', '/test/c/x.go')).toBe(false);
  });

  it('supports the extglob quantifiers of ohmyglob', () => {
    expect(captures('/test/a*(a|b)/x.go', '/test/a/x.go')).toEqual(['']);
    expect(captures('/test/a*(a|b)/x.go', '/test/aba/x.go')).toEqual(['ba']);
    expect(captures('/test/+(a|b)/x.go', '/test/ab/x.go')).toEqual(['ab']);
    expect(matches('/test/+(a|b)/x.go', '/test//x.go')).toBe(false);
    expect(captures('/test/a?(a|b)/x.go', '/test/ab/x.go')).toEqual(['b']);
    expect(matches('/test/a?(a|b)/x.go', '/test/abb/x.go')).toBe(false);
    expect(captures('/test/@(a|b)/@(*).go', '/test/a/x.go')).toEqual(['a', 'x']);
    expect(captures('/test/a*(a|b)/*(*).go', '/test/aaaa/x.go')).toEqual(['aaa', 'x']);
    expect(captures('/test*(/?(+(a|b)/*.go))', '/test/a/x.go')).toEqual(['/a/x.go', 'a/x.go', 'a']);
  });

  it('supports negation', () => {
    expect(matches('/!(a)', '/a')).toBe(false);
    expect(matches('/!(a)', '/aa')).toBe(true);
    expect(matches('/!(a)', '/b')).toBe(true);
    expect(captures('/!(a)', '/bbb')).toEqual(['bbb']);
  });

  it('reports an unmatched optional group as an empty string', () => {
    expect(captures('/{(x),y}', '/y')).toEqual(['']);
  });

  it('returns no captures on a mismatch', () => {
    expect(compileGlob('/(*).txt').match('/a.csv')).toEqual({ matched: false, captures: [] });
  });
});

describe('compileGlob: syntax errors', () => {
  it.each([
    ['/(*', 'unclosed "(" at character 2'],
    ['/{a,b', 'unclosed "{" at character 2'],
    ['/[ab', 'unclosed "[" at character 2'],
    ['/[]', 'empty character class at character 2'],
    ['/[!]', 'empty character class at character 2'],
    ['/[z-a]', 'invalid range "z-a"'],
    ['/a\\', 'ends with a lone "\\"'],
  ])('%s → %s', (glob, reason) => {
    expect(() => compileGlob(glob)).toThrow(InvalidArgumentError);
    expect(() => compileGlob(glob)).toThrow(reason);
  });

  it('puts the reason in the error details', () => {
    try {
      compileGlob('/(*');
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidArgumentError).details).toEqual({ glob: '/(*', reason: 'unclosed "(" at character 2' });
    }
  });
});
