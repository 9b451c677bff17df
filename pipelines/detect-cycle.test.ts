import { describe, expect, it } from 'vitest';
import { detectCycle } from './detect-cycle.js';

describe('detectCycle', () => {
  const dag = [
    { name: 'clean', inputRepos: ['raw'] },
    { name: 'features', inputRepos: ['clean'] },
    { name: 'train', inputRepos: ['features', 'labels'] },
  ];

  it('accepts a pipeline that extends the DAG', () => {
    expect(detectCycle(dag, { name: 'predict', inputRepos: ['train', 'clean'] })).toBeNull();
  });

  it('accepts a new pipeline reading an input repo', () => {
    expect(detectCycle([], { name: 'clean', inputRepos: ['raw'] })).toBeNull();
  });

  it('finds a pipeline reading its own output', () => {
    expect(detectCycle(dag, { name: 'loop', inputRepos: ['loop'] })).toEqual(['loop', 'loop']);
  });

  it('finds the cycle an update closes, in data-flow order', () => {
    expect(detectCycle(dag, { name: 'clean', inputRepos: ['raw', 'train'] })).toEqual(['clean', 'features', 'train', 'clean']);
  });

  it('uses the candidate instead of the stored version of the same pipeline', () => {
    const cyclic = [...dag.slice(0, 2), { name: 'train', inputRepos: ['features', 'clean'] }];
    expect(detectCycle(cyclic, { name: 'features', inputRepos: ['labels'] })).toBeNull();
  });

  it('finds a two-pipeline cycle', () => {
    expect(detectCycle([{ name: 'a', inputRepos: ['b'] }], { name: 'b', inputRepos: ['a'] })).toEqual(['b', 'a', 'b']);
  });

  it('tells projects apart', () => {
    const other = [{ name: 'x', project: 'p2', inputRepos: ['y'] }];
    expect(detectCycle(other, { name: 'y', project: 'p1', inputRepos: ['x'] })).toBeNull();
    expect(detectCycle(other, { name: 'y', project: 'p2', inputRepos: ['x'] })).toEqual(['y', 'x', 'y']);
  });

  it('accepts qualified input repos, such as inputRepos(spec) returns', () => {
    const stored = [{ name: 'a', project: 'p', inputRepos: [{ project: 'p', repo: 'b' }] }];
    expect(detectCycle(stored, { name: 'b', project: 'p', inputRepos: [{ project: 'p', repo: 'a' }] })).toEqual(['b', 'a', 'b']);
    expect(detectCycle(stored, { name: 'b', project: 'p', inputRepos: [{ repo: 'a' }] })).toEqual(['b', 'a', 'b']);
  });

  it('ignores cycles that do not involve the candidate', () => {
    const broken = [
      { name: 'a', inputRepos: ['b'] },
      { name: 'b', inputRepos: ['a'] },
    ];
    expect(detectCycle(broken, { name: 'c', inputRepos: ['a'] })).toBeNull();
  });

  it('handles diamonds and wide graphs without revisiting', () => {
    const wide = Array.from({ length: 500 }, (_, i) => ({ name: `p${i}`, inputRepos: i === 0 ? ['src'] : [`p${i - 1}`, 'p0'] }));
    expect(detectCycle(wide, { name: 'sink', inputRepos: ['p499'] })).toBeNull();
    expect(detectCycle(wide, { name: 'p0', inputRepos: ['p499'] })).toHaveLength(501);
  });
});
