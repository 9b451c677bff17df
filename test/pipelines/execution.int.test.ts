import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/stack-env.js';
import { pipelineEnv, upperCase, type PipelineEnv } from '../support/pipeline-env.js';

let env: PipelineEnv;
let markers: string;
beforeAll(async () => {
  env = await pipelineEnv();
  markers = await mkdtemp(join(tmpdir(), 'stemma-markers-'));
});
afterAll(async () => {
  await env.close();
  await rm(markers, { recursive: true, force: true });
});

const spec = (name: string, input: unknown, cmd: string[], extra: Record<string, unknown> = {}) => ({
  pipeline: { name, project: env.project },
  input,
  transform: { cmd },
  ...extra,
});
const pfs = (repo: string, glob = '/*') => ({ pfs: { repo, glob } });
const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];

describe('running datums on the real stack', () => {
  it('retries a failing datum up to datumTries, with a log per attempt', async () => {
    const svc = env.engine.service;
    await env.createRepo('flaky', { '/only': 'x' });
    const cmd = python(
      'import os, sys',
      `m = '${markers}/retry-' + os.environ['PACH_DATUM_ID'][:12]`,
      'if not os.path.exists(m):',
      "    open(m, 'w').close(); print('first attempt fails', file=sys.stderr); sys.exit(1)",
      "print('second attempt works'); open('/pfs/out/done', 'w').write('ok')",
    );
    const job = await svc.waitJob((await svc.createPipeline(spec('retrying', pfs('flaky'), cmd, { datumTries: 2 }))).job!.id, 30_000);
    expect(job.state).toBe('success');
    const [datum] = await svc.listDatums(job.id);
    expect(datum).toMatchObject({ state: 'success', attempts: 2 });
    const logs = await svc.datumLogs(job.id, datum!.datumKey);
    expect(logs.map((l) => [l.attempt, l.exitCode, l.lines.map((x) => x.line)])).toEqual([
      [1, 1, ['first attempt fails']],
      [2, 0, ['second attempt works']],
    ]);
    expect(await env.readAll('retrying')).toEqual({ '/done': 'ok' });
  });

  it('kills a datum past datumTimeout, and a job past jobTimeout', async () => {
    const svc = env.engine.service;
    await env.createRepo('sleepy', { '/a': 'x' });
    const started = Date.now();
    const slow = await svc.createPipeline(spec('slow-datum', pfs('sleepy'), ['sleep', '5'], { datumTimeout: '1s', datumTries: 1 }));
    const failed = await svc.waitJob(slow.job!.id, 30_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failed.state).toBe('failure');
    expect(failed.error).toContain('timed out after 1.0s');

    const longJob = await svc.createPipeline(spec('slow-job', pfs('sleepy'), ['sleep', '20'], { jobTimeout: '2s', datumTries: 1 }));
    const expired = await svc.waitJob(longJob.job!.id, 30_000);
    expect(expired.state).toBe('failure');
    expect(expired.error).toMatch(/jobTimeout of 2.0s/);
  });

  it('stops a running job: the job is killed and its datum stopped', async () => {
    const svc = env.engine.service;
    await env.createRepo('stoppable', { '/a': 'x' });
    const created = await svc.createPipeline(spec('stopped', pfs('stoppable'), ['sleep', '30']));
    const deadline = Date.now() + 10_000;
    while ((await svc.inspectJob(created.job!.id)).state !== 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await svc.stopJob(created.job!.id)).state).toBe('killed');
    expect(await svc.listDatums(created.job!.id)).toEqual([]);
  });

  it('survives a worker killed mid-datum: the batch is taken again, each output once, counts right', async () => {
    const local = await pipelineEnv({ workers: false });
    const child = startChildWorker(local);
    try {
      await waitForLine(child, 'READY');
      await local.createRepo('slow', { '/1': 'one', '/2': 'two', '/3': 'three' });
      const cmd = python(
        'import os, time',
        `open('${markers}/kill-' + os.environ['PACH_DATUM_ID'][:12] + '-' + str(time.time()), 'w').close()`,
        'time.sleep(2)',
        "for f in os.listdir('/pfs/slow'): open('/pfs/out/' + f, 'w').write(open('/pfs/slow/' + f).read() + '!')",
      );
      const created = await local.engine.service.createPipeline({ ...spec('survivor', pfs('slow'), cmd), pipeline: { name: 'survivor', project: local.project } });
      await waitFor(async () => (await readdir(markers)).filter((m) => m.startsWith('kill-')).length >= 1, 20_000);
      child.kill('SIGKILL');
      await local.startWorkers();
      const job = await local.engine.service.waitJob(created.job!.id, 30_000);
      expect(job.state).toBe('success');
      expect(job.counts).toEqual({ total: 3, processed: 3, skipped: 0, failed: 0, recovered: 0 });
      expect(await local.readAll('survivor')).toEqual({ '/1': 'one!', '/2': 'two!', '/3': 'three!' });
      const datums = await local.engine.service.listDatums(job.id);
      expect(datums.map((d) => d.state)).toEqual(['success', 'success', 'success']);
      const started = (await readdir(markers)).filter((m) => m.startsWith('kill-'));
      const perDatum = new Map<string, number>();
      for (const m of started) perDatum.set(m.split('-')[1]!, (perDatum.get(m.split('-')[1]!) ?? 0) + 1);
      expect([...perDatum.values()].some((n) => n >= 2)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await local.close();
    }
  });
});

describe('pipeline specs refused before anything is created', () => {
  it('names missing input repos, and creates no output repo', async () => {
    const svc = env.engine.service;
    const bad = spec('orphan', { cross: [pfs('nope-1'), pfs('nope-2')] }, ['true']);
    await expect(svc.createPipeline(bad)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/nope-1, .*nope-2 do not exist/) });
    await expect(env.runtime.pfs.inspectRepo(env.project, 'orphan')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses invalid specs, taken names and cycles', async () => {
    const svc = env.engine.service;
    await env.createRepo('base', { '/a': 'x' });
    await expect(svc.createPipeline(spec('bad-glob', pfs('base', ''), ['true']))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('input.pfs.glob') });
    await expect(svc.createPipeline(spec('base', pfs('c1'), ['true']))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('c1') });
    await env.createRepo('base-src');
    await expect(svc.createPipeline(spec('base', pfs('base-src'), ['true']))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('holds user data') });
    await svc.createPipeline(spec('c1', pfs('base'), upperCase('base')));
    await svc.createPipeline(spec('c2', pfs('c1'), upperCase('c1')));
    await expect(svc.createPipeline(spec('c2', pfs('c1'), upperCase('c1')))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already exists') });
    await expect(svc.updatePipeline(spec('c1', pfs('c2'), upperCase('c2')))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('c1 -> c2 -> c1') });
    await expect(svc.createPipeline(spec('selfish', pfs('selfish'), ['true']))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('selfish -> selfish') });
    await expect(svc.deletePipeline(env.project, 'c1')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('c2') });
    await svc.deletePipeline(env.project, 'c2');
    await svc.deletePipeline(env.project, 'c1');
    expect((await svc.listPipelines(env.project)).map((p) => p.name)).not.toContain('c1');
  });

  it('lists the datums a spec would have, before the pipeline exists', async () => {
    await env.createRepo('preview', { '/x/1': 'a', '/x/2': 'b', '/y/3': 'c' });
    const datums = await env.engine.service.dryRunDatums(spec('not-yet', pfs('preview'), ['true']));
    expect(datums.map((d) => [d.inputs[0]!.root, d.inputs[0]!.files])).toEqual([
      ['/x', ['/x/1', '/x/2']],
      ['/y', ['/y/3']],
    ]);
  });
});

function startChildWorker(local: PipelineEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/pipeline-worker.ts', local.project], {
    cwd: projectRoot,
    env: { ...process.env, ...local.childEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before ${line}`)));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
