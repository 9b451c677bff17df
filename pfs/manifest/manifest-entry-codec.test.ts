import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from './manifest-entry-codec.js';
import { manifestEntry } from './manifest-entry.js';

const h = (c: string) => c.repeat(64);

describe('manifest entry codec', () => {
  it('round-trips packed, chunked, transformed and subject-tagged entries', () => {
    const entries = [
      manifestEntry('/a.csv', { hash: h('a'), size: 5, pack: { id: 'p1', offset: 10, length: 5 } }),
      manifestEntry('/big.bin', { hash: h('b'), size: 20, chunks: [{ hash: h('c'), size: 16 }, { hash: h('d'), size: 4 }] }),
      manifestEntry('/r/1.json', { hash: h('e'), size: 3, pack: { id: 'p2', offset: 0, length: 31 }, transform: 'envelope:s' }, ['s']),
      manifestEntry('/empty', { hash: h('f'), size: 0, chunks: [] }),
    ];
    for (const e of entries) expect(decodeEntry(encodeEntry(e))).toEqual(e);
  });

  it('encodes the same entry to the same bytes whatever the key order it was built with', () => {
    const a = { path: '/x', hash: h('a'), size: 1, ref: { hash: h('a'), size: 1, pack: { id: 'p', offset: 0, length: 1 } } };
    const b = { ref: { pack: { length: 1, offset: 0, id: 'p' }, size: 1, hash: h('a') }, size: 1, hash: h('a'), path: '/x' };
    expect(encodeEntry(b)).toBe(encodeEntry(a));
  });
});
