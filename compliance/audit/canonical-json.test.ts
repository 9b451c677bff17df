import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: { p: 2, q: 3 } })).toBe(canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
    expect(canonicalDigest({ x: 1 })).toBe(canonicalDigest({ x: 1 }));
    expect(canonicalDigest({ x: 1 })).not.toBe(canonicalDigest({ x: 2 }));
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"\u00e9":1}');
  });

  it('leaves out undefined members, writes undefined array items as null, and uses toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], at: new Date('2024-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2024-01-02T03:04:05.000Z","b":[null]}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('refuses values JSON cannot hold, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]: NaN has no JSON form');
    expect(() => canonicalJson({ n: 10n })).toThrow('$.n: a bigint has no JSON form');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow('$.self: refers back to itself');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });
});
