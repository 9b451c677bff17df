import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { createKubernetesRunner, jobEnd, transformOutcome } from './kubernetes-runner.js';

const job = (...conditions: { type: string; status: string; reason?: string }[]): V1Job => ({ status: { conditions } }) as V1Job;
const pod = (terminated: Record<string, unknown> | undefined): V1Pod =>
  ({
    metadata: { name: 'p' },
    status: {
      initContainerStatuses: [
        { name: 'stage-in', state: { terminated: { exitCode: 0 } } },
        { name: 'transform', state: terminated ? { terminated } : { running: {} } },
      ],
    },
  }) as unknown as V1Pod;

describe('jobEnd', () => {
  it('reads the Job conditions', () => {
    expect(jobEnd(job())).toBeUndefined();
    expect(jobEnd(job({ type: 'Complete', status: 'True' }))).toBe('complete');
    expect(jobEnd(job({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }))).toBe('failed');
    expect(jobEnd(job({ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }))).toBe('deadline');
    expect(jobEnd(job({ type: 'Failed', status: 'False' }))).toBeUndefined();
  });
});

describe('transformOutcome', () => {
  it('takes the exit code of the container, or the one its wrapper reported', () => {
    expect(transformOutcome(pod({ exitCode: 3 }))).toEqual({ ran: true, exitCode: 3, signal: null, recovered: false });
    expect(transformOutcome(pod({ exitCode: 0, message: '{"exitCode":2,"recovered":true}' }))).toEqual({ ran: true, exitCode: 2, signal: null, recovered: true });
    expect(transformOutcome(pod({ exitCode: 1, message: 'not json' }))).toMatchObject({ exitCode: 1, recovered: false });
    expect(transformOutcome(pod({ exitCode: 137, signal: 9 }))).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
  });

  it('reports a transform that never ran', () => {
    expect(transformOutcome(undefined)).toEqual({ ran: false, exitCode: null, signal: null, recovered: false });
    expect(transformOutcome(pod(undefined))).toMatchObject({ ran: false, exitCode: null });
  });
});

describe('createKubernetesRunner', () => {
  it('reports an unreachable API server as UnavailableError', async () => {
    const dir = join(tmpdir(), `stemma-kube-test-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    const kubeconfigPath = join(dir, 'config');
    await writeFile(
      kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: none, cluster: {server: "http://127.0.0.1:1"}}]',
        'users: [{name: none, user: {token: test}}]',
        'contexts: [{name: none, context: {cluster: none, user: none}}]',
        'current-context: none',
      ].join('\n'),
    );
    try {
      const runner = createKubernetesRunner({
        namespace: 'stemma',
        stagingImage: 'stemma/stemma:0.1.0',
        stageInCommand: ['stemma', 'datum', 'stage-in'],
        stageOutCommand: ['stemma', 'datum', 'stage-out'],
        kubeconfigPath,
        logger: silentLogger,
      });
      expect(runner.kind).toBe('kubernetes');
      const task = {
        jobId: 'j',
        datumId: 'd',
        pipeline: { name: 'edges', project: 'default' },
        transform: { image: 'python:3.12-slim', cmd: ['python3', '/edges.py'] },
        inputs: [{ name: 'images', dir: join(dir, 'in') }],
        outputDir: join(dir, 'out'),
        workDir: join(dir, 'work'),
      };
      const failure = await runner.run(task).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(UnavailableError);
      expect((failure as Error).message).toMatch(/create Job stemma-edges-d-/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
