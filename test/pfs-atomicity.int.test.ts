import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommitRef, parseFileRef } from '../pfs/refs/index.js';
import type { Runtime } from '../runtime/create-runtime.js';
import { seed, testRuntime } from './support/seed.js';
import { projectRoot } from './support/stack-env.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt.close());

describe('commit atomicity', () => {
  it('a writer killed mid-commit leaves the head unchanged and nothing partial visible', async () => {
    const repo = await seed(rt).repo();
    const before = await repo.put('/stable', 'stable');
    const child = spawn(`${projectRoot}/node_modules/.bin/tsx`, ['test/support/slow-writer.ts', repo.name, '50'], { cwd: projectRoot, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('MIDWAY')) resolve();
        if (d.toString().includes('DONE')) reject(new Error('the writer finished before it could be killed'));
      });
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const branch = await rt.pfs.inspectBranch(repo.project, repo.name, 'master');
    expect(branch.head).toBe(before.id);
    const commits = await rt.pfs.listCommits(parseCommitRef(`${repo.name}@master`), { all: true });
    expect(commits.map((c) => c.id)).toEqual([before.id]);
    const files = await rt.pfs.listFiles(parseFileRef(`${repo.name}@master:/`));
    expect(files.map((f) => f.path)).toEqual(['/stable']);

    // The branch is not blocked: the next write commits normally.
    const after = await repo.put('/next', 'n');
    expect(after.parentId).toBe(before.id);
  }, 60_000);
});
