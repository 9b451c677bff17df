import { describe, expect, it } from 'vitest';
import type { Datum } from '../datums/datum-types.js';
import { partitionDatums } from './partition-datums.js';

const datum = (id: string, hash: string): Datum => ({ id, hash, inputs: [] });

describe('partitionDatums', () => {
  const parent = [
    { datumKey: 'a', hash: 'h1', sourceJobId: 'j0' },
    { datumKey: 'b', hash: 'h2', sourceJobId: 'j1' },
    { datumKey: 'gone', hash: 'h9', sourceJobId: 'j1' },
  ];

  it('skips datums whose hash succeeded in the parent, runs new and changed ones, removes the rest', () => {
    const split = partitionDatums([datum('a', 'h1'), datum('b', 'h2-new'), datum('c', 'h3')], parent);
    expect(split.skip).toEqual([{ datumKey: 'a', hash: 'h1', sourceJobId: 'j0' }]);
    expect(split.run.map((d) => d.id)).toEqual(['b', 'c']);
    expect(split.removed.map((d) => d.datumKey)).toEqual(['b', 'gone']);
  });

  it('runs every datum and removes every parent datum when reprocessing', () => {
    const split = partitionDatums([datum('a', 'h1'), datum('b', 'h2')], parent, { reprocess: true });
    expect(split.skip).toEqual([]);
    expect(split.run).toHaveLength(2);
    expect(split.removed).toHaveLength(3);
  });

  it('runs everything without a parent job', () => {
    const split = partitionDatums([datum('a', 'h1')], []);
    expect(split).toEqual({ run: [datum('a', 'h1')], skip: [], removed: [] });
  });
});
