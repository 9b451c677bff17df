/** A small subject analysis for unit tests: one subject with two records, a feature datum each, and a training datum. */
import type { BranchHeadRow, SubjectTrace } from '../../graph-schema/compliance/index.js';
import type { SubjectAnalysis } from './subject-analysis.js';

export const HEAD: BranchHeadRow = { branchId: 'p/applicants@master', repoId: 'p/applicants', branch: 'master', headCommitId: 'c2', manifest: 'm2' };

export function fixtureTrace(overrides: Partial<SubjectTrace> = {}): SubjectTrace {
  return {
    records: [
      { fileVersionId: 'fv1', repoId: 'p/applicants', path: '/a.csv/0001', hash: 'h1', commitIds: ['c1'] },
      { fileVersionId: 'fv2', repoId: 'p/applicants', path: '/b.csv/0000', hash: 'h2', commitIds: ['c2'] },
    ],
    recordCount: 2,
    repoIds: ['p/applicants'],
    commitCount: 2,
    heads: [HEAD],
    datums: [
      { id: 'j1.k1', jobId: 'j1', datumKey: 'k1', state: 'success', pipelineId: 'p/features', commitSet: 'c1', jobState: 'success', outputRepoId: 'p/features', live: true },
      { id: 'j2.k2', jobId: 'j2', datumKey: 'k2', state: 'success', pipelineId: 'p/features', commitSet: 'c2', jobState: 'success', outputRepoId: 'p/features', live: true },
      { id: 't1.all', jobId: 't1', datumKey: 'all', state: 'success', pipelineId: 'p/train', commitSet: 'c1', jobState: 'success', outputRepoId: 'p/train', live: false },
      { id: 't2.all', jobId: 't2', datumKey: 'all', state: 'success', pipelineId: 'p/train', commitSet: 'c2', jobState: 'success', outputRepoId: 'p/train', live: true },
    ],
    derivedFiles: [
      { fileVersionId: 'f1', repoId: 'p/features', path: '/a.txt', hash: 'x1', producerIds: ['j1.k1'] },
      { fileVersionId: 'm1', repoId: 'p/train', path: '/model/w', hash: 'y1', producerIds: ['t1.all'] },
      { fileVersionId: 'm2', repoId: 'p/train', path: '/model/w', hash: 'y2', producerIds: ['t2.all'] },
    ],
    modelVersions: [
      { id: 'p/scorer@c2', modelId: 'p/scorer', version: 2, state: 'current', jobId: 't2', supersededByErasure: null, decisionCount: 3 },
      { id: 'p/scorer@c1', modelId: 'p/scorer', version: 1, state: 'superseded', jobId: 't1', supersededByErasure: null, decisionCount: 0 },
    ],
    decisions: [
      { id: 'd1', modelVersionId: 'p/scorer@c2', subjectId: 's', madeAt: '2026-01-01T00:00:00Z', flagged: false, flaggedByErasure: null },
      { id: 'd2', modelVersionId: 'p/scorer@c2', subjectId: 'other', madeAt: '2026-01-01T00:00:00Z', flagged: false, flaggedByErasure: null },
    ],
    decisionCount: 3,
    decisionsAboutCount: 1,
    truncated: false,
    ...overrides,
  };
}

export function fixtureAnalysis(overrides: Partial<SubjectTrace> = {}, live = true): SubjectAnalysis {
  return {
    subjectId: 's',
    trace: fixtureTrace(overrides),
    live: live ? [{ head: HEAD, paths: ['/a.csv/0001', '/b.csv/0000'] }] : [],
    liveVersionIds: new Set(live ? ['fv1', 'fv2'] : []),
  };
}
