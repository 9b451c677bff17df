import { describe, expect, it } from 'vitest';
import { inputRepos } from './input-repos.js';
import { parsePipelineSpec } from './parse-pipeline-spec.js';

describe('inputRepos', () => {
  it('lists every pfs and cron input in tree order, with defaults applied', () => {
    const { spec } = parsePipelineSpec(
      JSON.stringify({
        pipeline: { name: 'p', project: 'lab' },
        input: {
          cross: [
            { union: [{ pfs: { repo: 'a', glob: '/*' } }, { pfs: { repo: 'b', glob: '/*', name: 'a', branch: 'dev', project: 'shared' } }] },
            { join: [{ pfs: { repo: 'c', glob: '/(*)', join_on: '$1' } }, { pfs: { repo: 'd', glob: '/(*)', join_on: '$1' } }] },
            { group: [{ pfs: { repo: 'e', glob: '/(*)', group_by: '$1' } }] },
            { cron: { name: 'tick', spec: '@daily' } },
          ],
        },
        transform: { image: 'x' },
      }),
    );
    expect(inputRepos(spec)).toEqual([
      { project: 'lab', repo: 'a', branch: 'master', name: 'a' },
      { project: 'shared', repo: 'b', branch: 'dev', name: 'a' },
      { project: 'lab', repo: 'c', branch: 'master', name: 'c' },
      { project: 'lab', repo: 'd', branch: 'master', name: 'd' },
      { project: 'lab', repo: 'e', branch: 'master', name: 'e' },
      { project: 'lab', repo: 'p_tick', branch: 'master', name: 'tick' },
    ]);
  });
});
