import { describe, expect, it } from 'vitest';
import { planErasure } from './plan-erasure.js';
import { fixtureAnalysis } from './subject-analysis-fixture.js';

const now = new Date('2026-02-03T04:05:06Z');

describe('planErasure', () => {
  it('plans a deletion commit per head, the live datums per pipeline, the current models, the shredding and the decisions', () => {
    const plan = planErasure(fixtureAnalysis(), now);
    expect(plan.plannedAt).toBe('2026-02-03T04:05:06.000Z');
    expect(plan.deletionCommits).toEqual([{ repoId: 'p/applicants', branch: 'master', headCommitId: 'c2', paths: ['/a.csv/0001', '/b.csv/0000'] }]);
    expect(plan.reprocessing).toEqual([
      { pipelineId: 'p/features', outputRepoId: 'p/features', datumKeys: ['k1', 'k2'], datumCount: 2 },
      { pipelineId: 'p/train', outputRepoId: 'p/train', datumKeys: ['all'], datumCount: 1 },
    ]);
    expect(plan.retraining).toEqual([{ modelVersionId: 'p/scorer@c2', modelId: 'p/scorer', version: 2, pipelineId: 'p/train', jobId: 't2' }]);
    expect(plan.shred).toEqual({ keyId: 'subject:s', fileVersionCount: 2, fileVersionIds: ['fv1', 'fv2'], commitCount: 2, commitIds: ['c1', 'c2'] });
    expect(plan.decisions).toEqual({ count: 1, ids: ['d1'] });
    expect(plan.counts).toMatchObject({ records: 2, liveRecords: 2, historicalRecords: 0, datums: 4, jobs: 4, modelVersions: 2, decisions: 3 });
    expect(plan.truncated).toBe(false);
  });

  it('plans no deletion commit for records only in history, and says when the walk was cut', () => {
    const plan = planErasure(fixtureAnalysis({ truncated: true }, false), now);
    expect(plan.deletionCommits).toEqual([]);
    expect(plan.counts).toMatchObject({ liveRecords: 0, historicalRecords: 2 });
    expect(plan.truncated).toBe(true);
  });
});
