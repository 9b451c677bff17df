import { describe, expect, it } from 'vitest';
import type { TreeEntry, TreeStore } from '../../pfs/tree-store.js';
import { findLiveRecords } from './subject-analysis.js';
import { fixtureTrace, HEAD } from './subject-analysis-fixture.js';

/** A tree store over fixed manifests: `manifest -> path -> entry`. */
function trees(manifests: Record<string, Record<string, Partial<TreeEntry>>>): TreeStore {
  return {
    lookup: async (root, path) => {
      const e = root ? manifests[root]?.[path] : undefined;
      return e ? ({ path, size: 1, ref: { hash: e.hash ?? '' }, hash: '', ...e } as TreeEntry) : null;
    },
    apply: () => Promise.reject(new Error('not used')),
    list: () => (async function* () {})(),
    diff: () => Promise.reject(new Error('not used')),
  };
}

describe('findLiveRecords', () => {
  it('finds the subject record paths a head still holds, and which versions they are', async () => {
    const store = trees({ m2: { '/a.csv/0001': { hash: 'h1', subjects: ['s'] }, '/b.csv/0000': { hash: 'other', subjects: ['s'] } } });
    const { live, liveVersionIds } = await findLiveRecords(store, 's', fixtureTrace());
    expect(live).toEqual([{ head: HEAD, paths: ['/a.csv/0001', '/b.csv/0000'] }]);
    expect([...liveVersionIds]).toEqual(['fv1']);
  });

  it('ignores paths removed from the head, or holding another subject now', async () => {
    const store = trees({ m2: { '/b.csv/0000': { hash: 'h9', subjects: ['someone-else'] } } });
    const { live, liveVersionIds } = await findLiveRecords(store, 's', fixtureTrace());
    expect(live).toEqual([]);
    expect(liveVersionIds.size).toBe(0);
  });
});
