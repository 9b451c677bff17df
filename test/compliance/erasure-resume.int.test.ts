import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalKeyManagementService, subjectKeyId } from '../../compliance/keys/index.js';
import { parseFileRef } from '../../pfs/refs/index.js';
import type { ErasureWorkers } from '../../workers/compliance/create-erasure-engine.js';
import { loanWorld, type LoanWorld } from '../support/erasure-world.js';
import { pipelineEnv, type PipelineEnv } from '../support/pipeline-env.js';
import { projectRoot } from '../support/stack-env.js';

let env: PipelineEnv;
let world: LoanWorld;
let keyDir: string;
let child: ChildProcess | undefined;
let workers: ErasureWorkers | undefined;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'stemma-erasure-resume-keys-'));
  process.env.STEMMA_KEY_DIR = keyDir;
  env = await pipelineEnv();
  world = await loanWorld(env, { trainSleepSeconds: 3 });
}, 180_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await workers?.close();
  await env?.close();
  await rm(keyDir, { recursive: true, force: true });
  if (world) await rm(world.certificateDir, { recursive: true, force: true });
});

function startChildWorker(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/erasure-worker.ts', world.audit.chain], {
    cwd: projectRoot,
    env: { ...process.env, ...env.childEnv, STEMMA_KEY_DIR: keyDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitForLine(proc: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(line)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`erasure worker exited with ${code} before ${line}`)));
  });
}

describe('an erasure killed mid-way', () => {
  it('resumes in another worker and finishes without a second deletion commit or key destruction', async () => {
    const erasures = world.erasures.service;
    const requested = await erasures.request({ subjectId: world.subject, reason: 'withdrawn consent', requestedBy: 'carol' });
    await erasures.plan(requested.id);
    await erasures.approve(requested.id, 'dave');

    child = startChildWorker();
    await waitForLine(child, 'READY');
    expect((await erasures.execute(requested.id, { wait: false })).state).toBe('executing');

    // Kill the worker process once the deletion commit is checkpointed (it is then shredding or waiting on the retraining).
    const deadline = Date.now() + 60_000;
    let atKill = await erasures.get(requested.id);
    while (!atKill.steps.some((s) => s.step === 'deletion-commits')) {
      if (Date.now() > deadline) throw new Error(`the deletion commit step did not finish: ${JSON.stringify(atKill)}`);
      await sleep(50);
      atKill = await erasures.get(requested.id);
    }
    child.kill('SIGKILL');
    expect(atKill.state).toBe('executing');
    expect(atKill.steps.map((s) => s.step)).not.toContain('certificate');

    workers = await world.erasures.startWorkers({ leaseMs: 10_000, lockMs: 2_000, stalledIntervalMs: 1_000 });
    const done = await erasures.execute(requested.id, { timeoutMs: 120_000 });
    expect(done.error).toBeNull();
    expect(done.state).toBe('verified');
    expect(done.steps.map((s) => s.step)).toEqual(['deletion-commits', 'shred', 'reprocess', 'supersede-models', 'flag-decisions', 'verify', 'certificate']);

    // One deletion commit on the branch, the one checkpointed before the kill.
    const commits = await env.runtime.pfs.listCommits(parseFileRef(`${env.project}/applicants@master:/`), { limit: 100 });
    const deletions = commits.filter((c) => c.origin === 'erasure');
    expect(deletions.map((c) => c.id)).toEqual(atKill.execution.deletionCommits.map((d) => d.commitId));
    expect(done.execution.deletionCommits).toEqual(atKill.execution.deletionCommits);

    // The key was destroyed once: the time recorded is the key service's first and only destruction.
    const key = await createLocalKeyManagementService({ dir: keyDir }).describeKey(subjectKeyId(world.subject));
    expect(key.state).toBe('destroyed');
    expect(done.execution.keyDestroyedAt).toBe(key.destroyedAt!.toISOString());

    // Every step appended its audit event exactly once, however often it ran.
    const events = (await world.audit.listAuditEvents({ target: requested.id, first: 100 })).events.map((e) => e.action);
    expect(events).toEqual(['erasure.request', 'erasure.plan', 'erasure.approve', 'erasure.execute', ...done.steps.map((s) => `erasure.${s.step}`)]);
    expect((await world.audit.verifyAuditChain()).ok).toBe(true);
    expect(done.verification?.ok).toBe(true);
  });
});
