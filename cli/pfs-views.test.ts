import { describe, expect, it } from 'vitest';
import { branchView, commitView, fileView, repoView, shortRepo } from './pfs-views.js';

const ID = 'c32879ae0e6f4b629a43429b7ec10ccc';

describe('GraphQL nodes as flat records', () => {
  it('flattens a commit like the HTTP endpoints return it', () => {
    const node = {
      id: ID,
      repo: { project: { name: 'default' }, name: 'images' },
      branch: 'master',
      parent: null,
      origin: 'USER',
      state: 'FINISHED',
      commitSet: ID,
      description: '',
      fileCount: 2,
      sizeBytes: 10,
      createdAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:01.000Z',
      error: null,
    };
    const { repo: _repo, parent: _parent, ...plain } = node;
    expect(commitView(node)).toStrictEqual({ ...plain, repoId: 'default/images', parentId: null, origin: 'user', state: 'finished' });
    expect(commitView({ ...node, parent: { id: 'p' } }).parentId).toBe('p');
  });

  it('flattens repos, branches and files', () => {
    expect(repoView({ project: { name: 'p' }, name: 'r', description: '', kind: 'PIPELINE', createdAt: 't', branchCount: 1, sizeBytes: 0 })).toMatchObject({ project: 'p', kind: 'pipeline' });
    expect(branchView({ name: 'master', head: { id: ID }, createdAt: 't' }).head).toBe(ID);
    expect(branchView({ name: 'dev', head: null, createdAt: 't' }).head).toBeNull();
    expect(fileView({ path: '/a', ref: `r@${ID}:/a`, type: 'DIR', size: 1, hash: null, fileCount: 3, subjects: [], commit: { id: ID } })).toEqual({
      path: '/a',
      ref: `r@${ID}:/a`,
      type: 'dir',
      size: 1,
      hash: null,
      fileCount: 3,
      subjects: [],
      commitId: ID,
    });
  });

  it('leaves the default project out of short repo names', () => {
    expect(shortRepo('default/images')).toBe('images');
    expect(shortRepo('research/images')).toBe('research/images');
  });
});
