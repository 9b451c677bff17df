import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseFileRef } from '../../pfs/refs/index.js';
import { verb, verbSummary } from '../verbs.js';
import { parseListTarget } from './commit.js';
import { describeUpload } from './file-transfer.js';
import { describeDeletion } from './repo.js';

describe('describeUpload', () => {
  const dest = { ...parseFileRef('images@master:/a.png'), branch: 'master' };
  it('names what was put, where, and the commit', () => {
    const line = describeUpload({ kind: 'file', dest, query: {} }, { commit: { id: 'abc', state: 'finished' }, path: '/a.png', files: 1, bytes: 2048 });
    expect(line).toBe('put 1 file (2.0 KiB) at images@master:/a.png, commit abc\n');
  });

  it('counts split records and subjects, and says when the commit is still open', () => {
    const line = describeUpload(
      { kind: 'file', dest: { ...dest, path: '/users.csv' }, query: { split: 'csv' } },
      { commit: { id: 'abc', state: 'open' }, path: '/users.csv', files: 3, bytes: 10, subjects: 2 },
    );
    expect(line).toBe('put 3 files (10 B, 2 subjects) at images@master:/users.csv, staged in open commit abc\n');
  });
});

describe('describeDeletion', () => {
  it('says how many commits went and which pipelines lost their input', () => {
    expect(describeDeletion('default/images', { deleted: true, commits: 1, brokenPipelines: [] })).toBe('deleted repo default/images (1 commit)\n');
    expect(describeDeletion('p/x', { deleted: true, commits: 3, brokenPipelines: ['edges'] })).toBe('deleted repo p/x (3 commits); pipelines left without input: edges\n');
  });
});

describe('parseListTarget', () => {
  it('reads a repo (master) or repo@branch', () => {
    expect(parseListTarget('images').branch).toBe('master');
    expect(parseListTarget('research/images@dev')).toMatchObject({ branch: 'dev', ref: { project: 'research', repo: 'images' } });
  });

  it('points to inspect commit for a commit reference', () => {
    expect(() => parseListTarget('images@master^')).toThrow('use `stemma inspect commit images@master^`');
  });
});

describe('verb', () => {
  it('makes each verb once and shares it between nouns', () => {
    const program = new Command('stemma');
    verb(program, 'create').command('repo');
    verb(program, 'create').command('branch');
    expect(program.commands.map((c) => c.name())).toEqual(['create']);
    expect(program.commands[0]?.commands.map((c) => c.name())).toEqual(['repo', 'branch']);
  });

  it('lists the nouns of a verb in the top-level help', () => {
    const program = new Command('stemma');
    verb(program, 'create').command('repo');
    verb(program, 'create').command('pipeline');
    verb(program, 'rerun').description('run a pipeline again').command('pipeline');
    expect(verbSummary(program.commands[0]!)).toBe('create: repo, pipeline');
    expect(verbSummary(program.commands[1]!)).toBe('run a pipeline again');
    expect(program.helpInformation()).toMatch(/create\s+create: repo, pipeline/);
  });
});
