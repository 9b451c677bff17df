import { describe, expect, it } from 'vitest';
import { decodePackIndex, encodePackIndex } from './pack-index-format.js';

describe('pack index format', () => {
  it('round-trips entries, with and without a transform', () => {
    const entries = [
      { hash: 'a'.repeat(64), offset: 0, length: 10, size: 10 },
      { hash: 'b'.repeat(64), offset: 10, length: 30, size: 26, transform: 'envelope:s-1' },
    ];
    expect(decodePackIndex(encodePackIndex(entries))).toEqual({ entries, skipped: 0 });
  });

  it('skips malformed lines instead of failing: a miss only costs duplicate bytes', () => {
    const text = ['{"h":"x","o":0,"l":1,"z":1}', 'not json', '{"h":"y","o":-1,"l":1,"z":1}', '{"h":"z"}', ''].join('\n');
    const { entries, skipped } = decodePackIndex(Buffer.from(text));
    expect(entries).toEqual([{ hash: 'x', offset: 0, length: 1, size: 1 }]);
    expect(skipped).toBe(3);
  });
});
