import { describe, expect, it } from 'vitest';
import { cutShards, DEFAULT_SHARD_CUT, isNaturalCut, pathHash32 } from './shard-cut.js';
import { samplePath } from './sample-manifest-entries.js';

describe('shard cuts', () => {
  it('cuts after about one path in 2^bits', () => {
    const paths = Array.from({ length: 200_000 }, (_, i) => samplePath(i));
    const cuts = paths.filter((p) => isNaturalCut(p, DEFAULT_SHARD_CUT)).length;
    expect(cuts).toBeGreaterThan(200_000 / 1024 / 1.5);
    expect(cuts).toBeLessThan((200_000 / 1024) * 1.5);
  });

  it('hashes paths deterministically', () => {
    expect(pathHash32('/a/b.csv')).toBe(pathHash32('/a/b.csv'));
    expect(pathHash32('/a/b.csv')).not.toBe(pathHash32('/a/c.csv'));
  });

  it('forces a cut at the entry and byte limits', () => {
    const paths = Array.from({ length: 100 }, (_, i) => `p${i}`);
    const params = { bits: 30, maxEntries: 10, maxBytes: 1_000_000 };
    const lines = paths.map(() => 'x'.repeat(9));
    const byCount = cutShards(paths, lines, params);
    expect(byCount).toHaveLength(10);
    expect(byCount.every(([s, e]) => e - s === 10)).toBe(true);
    const byBytes = cutShards(paths, lines, { ...params, maxEntries: 1000, maxBytes: 50 });
    expect(byBytes.every(([s, e]) => e - s <= 5)).toBe(true);
    expect(byBytes.flatMap(([s, e]) => paths.slice(s, e))).toEqual(paths);
  });
});
