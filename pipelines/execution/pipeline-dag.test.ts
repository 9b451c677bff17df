import { describe, expect, it } from 'vitest';
import { consumersOf, expectsCommitInSet, upstreamRepos, type DagPipeline } from './pipeline-dag.js';

const p = (name: string, inputs: string[], createdAt = '2024-01-01T00:00:00Z'): DagPipeline => ({ id: `d/${name}`, createdAt, inputRepoIds: inputs, outputRepoId: `d/${name}` });

describe('the pipeline DAG', () => {
  const dag = [p('a', ['d/raw']), p('b', ['d/a']), p('c', ['d/b', 'd/raw'])];

  it('finds readers and everything upstream of a repo', () => {
    expect(consumersOf(dag, 'd/raw').map((x) => x.id)).toEqual(['d/a', 'd/c']);
    expect([...upstreamRepos(dag, 'd/b')].sort()).toEqual(['d/a', 'd/raw']);
    expect(upstreamRepos(dag, 'd/raw').size).toBe(0);
  });

  it('expects a commit in a set from a pipeline output that the set’s changes flow into', () => {
    expect(expectsCommitInSet(dag, 'd/b', new Set(['d/raw']), '2024-02-01T00:00:00Z')).toBe(true);
    expect(expectsCommitInSet(dag, 'd/b', new Set(['d/other']), '2024-02-01T00:00:00Z')).toBe(false);
    expect(expectsCommitInSet(dag, 'd/raw', new Set(['d/raw']), '2024-02-01T00:00:00Z')).toBe(false);
    expect(expectsCommitInSet(dag, 'd/b', new Set(['d/raw']), '2023-02-01T00:00:00Z')).toBe(false);
  });
});
