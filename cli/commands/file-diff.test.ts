import { describe, expect, it } from 'vitest';
import { diffRows } from './file-diff.js';
import type { FileView } from '../pfs-views.js';

const file = (path: string, size: number): FileView => ({ path, type: 'file', size, hash: 'h', fileCount: 1, ref: `x@c:${path}`, subjects: [], commitId: 'c' });

describe('diffRows', () => {
  it('marks added, removed and changed paths, sorted by path', () => {
    const rows = diffRows({
      added: [file('/c.csv', 10)],
      removed: [file('/a.csv', 2048)],
      changed: [{ before: file('/b.csv', 1), after: file('/b.csv', 1024) }],
    });
    expect(rows).toEqual([
      { change: '-', path: '/a.csv', size: '2.0 KiB' },
      { change: '~', path: '/b.csv', size: '1 B → 1.0 KiB' },
      { change: '+', path: '/c.csv', size: '10 B' },
    ]);
  });

  it('gives no rows for no change', () => {
    expect(diffRows({ added: [], removed: [], changed: [] })).toEqual([]);
  });
});
