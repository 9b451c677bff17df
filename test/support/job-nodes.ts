/** A job as the API's `job` query answers it, for unit tests of the CLI's job views. */
import type { JobNode } from '../../cli/pipeline-views.js';

export const jobNode = (over: Partial<JobNode> = {}): JobNode => ({
  jobId: 'a'.repeat(32),
  project: 'default',
  pipelineName: 'edges',
  commitSet: 'c'.repeat(32),
  state: 'RUNNING',
  progress: { total: 10, processed: 3, skipped: 2, failed: 1, recovered: 0 },
  inputCommits: [{ project: 'default', repo: 'images', branch: 'master', commit: { id: 'd'.repeat(32) } }],
  outputCommit: null,
  error: null,
  createdAt: '2024-05-01T12:00:00.000Z',
  startedAt: '2024-05-01T12:00:01.000Z',
  finishedAt: null,
  ...over,
});
