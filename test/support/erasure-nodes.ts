/** Erasure requests and footprints as the API answers them, for unit tests of the CLI's erasure views. */
import type { ErasureNode } from '../../cli/erasure-views.js';
import type { FootprintNode } from '../../cli/footprint-view.js';

export const COUNTS = { records: 3, liveRecords: 2, historicalRecords: 1, repos: 1, commits: 2, derivedFiles: 4, datums: 3, jobs: 2, modelVersions: 1, decisions: 2 };

const listed = <T>(nodes: T[], totalCount = nodes.length) => ({ totalCount, edges: nodes.map((node) => ({ node })) });

export const footprintNode = (over: Partial<FootprintNode> = {}): FootprintNode => ({
  subjectId: 'u-42',
  counts: COUNTS,
  records: listed([
    { fileVersionId: 'fv1', repo: 'default/applicants', path: '/applicants.csv/0001', hash: 'h1', live: true, commitIds: ['a'.repeat(32), 'b'.repeat(32)] },
    { fileVersionId: 'fv2', repo: 'default/applicants', path: '/applicants.csv/0002', hash: 'h2', live: true, commitIds: ['b'.repeat(32)] },
    { fileVersionId: 'fv3', repo: 'default/applicants', path: '/applicants.csv/0001', hash: 'h0', live: false, commitIds: ['a'.repeat(32)] },
  ]),
  derivedFiles: listed([], 4),
  datums: listed([], 3),
  jobs: listed([], 2),
  modelVersions: listed([{ id: `default/loan@${'c'.repeat(32)}`, model: 'default/loan', version: 1, state: 'current', supersededByErasure: null }]),
  decisions: listed([
    { id: 'd1', modelVersion: `default/loan@${'c'.repeat(32)}`, madeAt: '2024-05-01T11:00:00.000Z', flagged: false, flaggedByErasure: null },
    { id: 'd2', modelVersion: `default/loan@${'c'.repeat(32)}`, madeAt: '2024-05-01T11:30:00.000Z', flagged: true, flaggedByErasure: 'er-1' },
  ]),
  limit: 100,
  truncated: false,
  computedAt: '2024-05-01T12:00:00.000Z',
  ...over,
});

export const erasureNode = (over: Partial<ErasureNode> = {}): ErasureNode => ({
  erasureId: 'er-1',
  subjectId: 'u-42',
  reason: 'GDPR art. 17',
  state: 'EXECUTING',
  requestedBy: 'tok-requester',
  approvedBy: 'tok-approver',
  createdAt: '2024-05-01T11:00:00.000Z',
  updatedAt: '2024-05-01T11:59:00.000Z',
  completedAt: null,
  error: null,
  plannedAt: '2024-05-01T11:10:00.000Z',
  approvedAt: '2024-05-01T11:20:00.000Z',
  executionStartedAt: '2024-05-01T11:58:00.000Z',
  plan: {
    plannedAt: '2024-05-01T11:10:00.000Z',
    counts: COUNTS,
    truncated: false,
    deletionCommits: [{ repo: 'default/applicants', branch: 'master', headCommitId: 'b'.repeat(32), paths: ['/applicants.csv/0001', '/applicants.csv/0002'] }],
    reprocessing: [{ pipeline: 'default/features', outputRepo: 'default/features', datumCount: 2, datumKeys: ['k1', 'k2'] }],
    retraining: [{ modelVersionId: `default/loan@${'c'.repeat(32)}`, model: 'default/loan', version: 1, pipeline: 'default/train', trainingJobId: 'e'.repeat(32) }],
    shred: { keyId: 'key-u-42', fileVersionCount: 3, fileVersionIds: ['fv1', 'fv2', 'fv3'], commitCount: 2, commitIds: ['a'.repeat(32), 'b'.repeat(32)] },
    decisions: { count: 2, ids: ['d1', 'd2'] },
  },
  steps: [
    { step: 'DELETION_COMMITS', state: 'done', at: '2024-05-01T11:58:10.000Z', summary: '1 deletion commit on default/applicants@master' },
    { step: 'SHRED', state: 'done', at: '2024-05-01T11:58:20.000Z', summary: 'key of u-42 destroyed' },
  ],
  remainingSteps: ['REPROCESS', 'SUPERSEDE_MODELS', 'FLAG_DECISIONS', 'VERIFY', 'CERTIFICATE'],
  execution: { deletionCommits: [], keyDestroyedAt: '2024-05-01T11:58:20.000Z', reprocessedJobs: [], supersededModelVersions: [], flaggedDecisions: 0 },
  verification: null,
  certificate: null,
  ...over,
});
