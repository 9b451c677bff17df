import { describe, expect, it } from 'vitest';
import type { PipelineRecord } from '../../../graph-schema/pipelines/index.js';
import { downstreamOf } from './await-reprocessing.js';

function pipeline(name: string, reads: { repo: string; branch?: string }[], createdAt = '2026-01-01T00:00:00Z', spec?: string): PipelineRecord {
  const input = reads.length === 1 ? { pfs: { project: 'p', repo: reads[0]!.repo, branch: reads[0]!.branch ?? 'master', glob: '/*', name: reads[0]!.repo } } : { cross: reads.map((r) => ({ pfs: { project: 'p', repo: r.repo, branch: r.branch ?? 'master', glob: '/*', name: r.repo } })) };
  return {
    id: `p/${name}`,
    project: 'p',
    name,
    createdAt,
    updatedAt: createdAt,
    current: {
      id: `p/${name}@1`, pipelineId: `p/${name}`, version: 1, specHash: 'h', spec: spec ?? JSON.stringify({ pipeline: { project: 'p', name }, input, outputBranch: 'master' }),
      image: null, cmd: [], reprocess: false, inputRepoIds: reads.map((r) => `p/${r.repo}`), outputRepoId: `p/${name}`, createdAt,
    },
  } as unknown as PipelineRecord;
}

describe('downstreamOf', () => {
  const pipelines = [
    pipeline('features', [{ repo: 'applicants' }]),
    pipeline('train', [{ repo: 'features' }]),
    pipeline('score', [{ repo: 'train' }, { repo: 'applicants' }]),
    pipeline('staging', [{ repo: 'applicants', branch: 'staging' }]),
    pipeline('unrelated', [{ repo: 'images' }]),
    pipeline('broken', [{ repo: 'applicants' }], undefined, '{not json'),
  ];

  it('follows the pipelines that read the branch, and everything downstream of their outputs', () => {
    expect(downstreamOf(pipelines, 'p/applicants', 'master', '2026-02-01T00:00:00Z')).toEqual(['p/features', 'p/score', 'p/train']);
    expect(downstreamOf(pipelines, 'p/applicants', 'staging', '2026-02-01T00:00:00Z')).toEqual(['p/staging']);
  });

  it('leaves out a pipeline version made after the commit (its first job reads the new head)', () => {
    const later = [pipeline('features', [{ repo: 'applicants' }], '2026-03-01T00:00:00Z'), pipeline('train', [{ repo: 'features' }])];
    expect(downstreamOf(later, 'p/applicants', 'master', '2026-02-01T00:00:00Z')).toEqual([]);
  });
});
