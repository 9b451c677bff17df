import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { MAX_PATH_BYTES, MAX_SEGMENT_BYTES, normalizePath } from './normalize-path.js';

function refusal(path: string): InvalidArgumentError {
  try {
    normalizePath(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`expected ${JSON.stringify(path)} to be refused`);
}

describe('normalizePath', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['a.png', '/a.png'],
    ['/a.png', '/a.png'],
    ['images/a.png', '/images/a.png'],
    ['/images/', '/images'],
    ['images/', '/images'],
    ['/a b/c d.csv', '/a b/c d.csv'],
    ['/.hidden/..dots/...', '/.hidden/..dots/...'],
    ['/données/é.csv', '/données/é.csv'],
    ['/a\\b.csv', '/a\\b.csv'],
    ['/a*b?[c]', '/a*b?[c]'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const p of ['/', '/a', '/a/b/c.txt', 'x/y/']) {
      expect(normalizePath(normalizePath(p))).toBe(normalizePath(p));
    }
  });

  it.each(['a//b', '//a', '/a//', '//', '///', 'a/b//'])('refuses the empty segment in %j', (input) => {
    const err = refusal(input);
    expect(err.message).toContain('empty segment');
    expect(err.details).toEqual({ path: input });
  });

  it.each(['..', '/..', '/a/../b', 'a/..', '.', '/./a', '/a/.'])('refuses the relative segment in %j', (input) => {
    expect(refusal(input).message).toMatch(/"\.\.?" segment; relative segments are not allowed/);
  });

  it.each([
    ['/a\u0000b', '0000'],
    ['/a\nb', '000a'],
    ['/a\tb', '0009'],
    ['/a\u007fb', '007f'],
    ['/a\u0085b', '0085'],
  ])('refuses the control character in %j', (input, code) => {
    expect(refusal(input).message).toContain(`U+${code}`);
  });

  it('refuses lone surrogates', () => {
    expect(refusal('/a\ud800b').message).toContain('surrogate');
  });

  it('accepts a segment of exactly 255 bytes and refuses 256', () => {
    expect(normalizePath('/' + 'a'.repeat(MAX_SEGMENT_BYTES))).toHaveLength(256);
    expect(refusal('/' + 'a'.repeat(MAX_SEGMENT_BYTES + 1)).message).toContain('segment of 256 bytes');
  });

  it('counts segment length in UTF-8 bytes, not characters', () => {
    // "é" is two bytes: 128 of them make 256 bytes.
    expect(refusal('/' + 'é'.repeat(128)).message).toContain('256 bytes');
    expect(normalizePath('/' + 'é'.repeat(127))).toBe('/' + 'é'.repeat(127));
  });

  it('accepts a path of exactly 4096 bytes and refuses longer ones', () => {
    const segment = 'a'.repeat(254);
    const exact = ('/' + segment).repeat(16); // 16 * 255 = 4080 bytes
    const padded = exact + '/' + 'b'.repeat(MAX_PATH_BYTES - exact.length - 1);
    expect(Buffer.byteLength(padded)).toBe(MAX_PATH_BYTES);
    expect(normalizePath(padded)).toBe(padded);
    expect(refusal(padded + 'c').message).toContain('4097 bytes');
  });

  it('names the path and shortens it when very long', () => {
    const long = '/' + 'x'.repeat(300) + '/../y';
    const message = refusal(long).message;
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(300);
  });

  it('refuses a value that is not a string', () => {
    expect(() => normalizePath(42 as unknown as string)).toThrow(InvalidArgumentError);
  });
});
