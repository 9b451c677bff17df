import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { JobRecord } from '../../graph-schema/pipelines/index.js';
import type { DagPipeline } from '../execution/pipeline-dag.js';
import { resolveJobInputs, type ResolveJobInputsContext } from './resolve-job-inputs.js';

const commit = (id: string, repo: string, state: CommitRecord['state'] = 'finished'): CommitRecord => ({
  id,
  repoId: `d/${repo}`,
  branch: 'master',
  parentId: null,
  origin: 'user',
  state,
  commitSet: 'set',
  description: '',
  manifest: null,
  fileCount: 0,
  sizeBytes: 0,
  createdAt: '2024-02-01T00:00:00Z',
  finishedAt: '2024-02-01T00:00:00Z',
  error: null,
});
const ref = (repo: string) => ({ project: 'd', repo, branch: 'master', name: repo });
// raw -> clean (a pipeline); the job reads raw and clean (a diamond).
const dag: DagPipeline[] = [{ id: 'd/clean', createdAt: '2024-01-01T00:00:00Z', inputRepoIds: ['d/raw'], outputRepoId: 'd/clean' }];
const context = (over: Partial<ResolveJobInputsContext>): ResolveJobInputsContext => ({
  branches: [ref('raw'), ref('clean'), ref('lookup')],
  setCommits: [commit('c-raw', 'raw')],
  dag,
  headOf: async (r) => `head-${r.repo}`,
  upstreamJob: async () => null,
  ...over,
});

describe('resolveJobInputs', () => {
  it('waits for an input that the commit set will reach through another pipeline', async () => {
    expect(await resolveJobInputs(context({}))).toMatchObject({ kind: 'wait', reason: expect.stringContaining('d/clean') });
  });

  it('reads the commit in the set where there is one, else the head', async () => {
    const resolved = await resolveJobInputs(context({ setCommits: [commit('c-raw', 'raw'), commit('c-clean', 'clean')] }));
    expect(resolved).toEqual({
      kind: 'ready',
      inputs: [
        { project: 'd', repo: 'raw', branch: 'master', commitId: 'c-raw' },
        { project: 'd', repo: 'clean', branch: 'master', commitId: 'c-clean' },
        { project: 'd', repo: 'lookup', branch: 'master', commitId: 'head-lookup' },
      ],
    });
  });

  it('is unrunnable when the upstream job of the set failed', async () => {
    const failed = { id: 'j1', state: 'failure' } as JobRecord;
    expect(await resolveJobInputs(context({ upstreamJob: async () => failed }))).toMatchObject({ kind: 'unrunnable', reason: expect.stringContaining('j1') });
    expect(await resolveJobInputs(context({ failedRepos: new Set(['d/raw']) }))).toMatchObject({ kind: 'unrunnable' });
  });

  it('waits for an input commit of the set that has not finished', async () => {
    expect(await resolveJobInputs(context({ setCommits: [commit('c-raw', 'raw', 'open')] }))).toMatchObject({ kind: 'wait' });
  });
});
