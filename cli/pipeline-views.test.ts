import { describe, expect, it } from 'vitest';
import { jobNode } from '../test/support/job-nodes.js';
import { describeProgress, jobView, pipelineView } from './pipeline-views.js';

describe('jobView', () => {
  it('flattens the GraphQL job: pipeline as project/name, lower-case state, input repos and commits as ids', () => {
    expect(jobView(jobNode())).toEqual({
      id: 'a'.repeat(32),
      pipeline: 'default/edges',
      commitSet: 'c'.repeat(32),
      state: 'running',
      progress: { total: 10, processed: 3, skipped: 2, failed: 1, recovered: 0 },
      inputs: [{ repo: 'default/images', branch: 'master', commit: 'd'.repeat(32) }],
      outputCommit: null,
      error: null,
      createdAt: '2024-05-01T12:00:00.000Z',
      startedAt: '2024-05-01T12:00:01.000Z',
      finishedAt: null,
    });
  });
});

describe('pipelineView', () => {
  it('reads the current version into the pipeline and names the output repo with its project', () => {
    const view = pipelineView({
      name: 'edges',
      project: { name: 'research' },
      description: 'edge detection',
      createdAt: 't0',
      updatedAt: 't1',
      currentVersion: { version: 2, specHash: 'h', image: null, cmd: ['python3', 'edges.py'], inputRepos: ['research/images'] },
      outputRepo: { name: 'edges' },
      model: null,
      lastJob: { jobId: 'j', state: 'SUCCESS', createdAt: 't2' },
    });
    expect(view).toMatchObject({ project: 'research', name: 'edges', version: 2, outputRepo: 'research/edges', model: null, lastJob: { id: 'j', state: 'success' } });
  });
});

describe('describeProgress', () => {
  it('counts processed, skipped and recovered datums as done, and says failures and skips only when there are some', () => {
    expect(describeProgress({ total: 10, processed: 3, skipped: 2, failed: 1, recovered: 1 })).toBe('6/10 datums (2 skipped), 1 failed');
    expect(describeProgress({ total: 4, processed: 4, skipped: 0, failed: 0, recovered: 0 })).toBe('4/4 datums');
  });
});
