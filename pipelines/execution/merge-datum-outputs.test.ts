import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../../pfs/tree-store.js';
import { mergeDatumOutputs } from './merge-datum-outputs.js';

const entry = (path: string, hash = `h-${path}`): TreeEntry => ({ path, hash, size: 1, ref: { hash, size: 1, chunks: [] } });

describe('mergeDatumOutputs', () => {
  it('puts new outputs and deletes removed datums’ outputs that nobody writes again', () => {
    const merged = mergeDatumOutputs(
      [{ datumKey: 'b', outputs: [entry('/b.txt', 'new')] }],
      [{ datumKey: 'b', outputs: [entry('/b.txt', 'old'), entry('/b-extra.txt')] }, { datumKey: 'gone', outputs: [entry('/gone.txt')] }],
    );
    expect(merged.changes.puts.map((e) => e.path)).toEqual(['/b.txt']);
    expect(merged.changes.deletes).toEqual(['/b-extra.txt', '/gone.txt']);
    expect(merged.unclaimed).toEqual([]);
  });

  it('lists new paths that no removed datum wrote, for the caller to check against the parent tree', () => {
    const merged = mergeDatumOutputs([{ datumKey: 'c', outputs: [entry('/c.txt')] }], []);
    expect(merged.unclaimed).toEqual(['/c.txt']);
    expect(merged.writers.get('/c.txt')).toBe('c');
  });

  it('fails naming both datums and the path when two datums write one path', () => {
    expect(() => mergeDatumOutputs([{ datumKey: 'd2', outputs: [entry('/x')] }, { datumKey: 'd1', outputs: [entry('/x')] }], [])).toThrow(
      /datums d1 and d2 both write \/x/,
    );
  });

  it('fails when one datum writes a file where another writes a directory', () => {
    expect(() => mergeDatumOutputs([{ datumKey: 'a', outputs: [entry('/x')] }, { datumKey: 'b', outputs: [entry('/x/y')] }], [])).toThrow(/datums a and b both write \/x/);
  });
});
