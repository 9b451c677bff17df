import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineEnv, type PipelineEnv } from '../support/pipeline-env.js';

/** Two deployments on one graph, each with its own queue prefix (each env has its own). */
let mine: PipelineEnv;
let theirs: PipelineEnv;
beforeAll(async () => {
  [mine, theirs] = await Promise.all([pipelineEnv({ workers: false }), pipelineEnv({ workers: false })]);
});
afterAll(async () => {
  await Promise.all([mine?.close(), theirs?.close()]);
});

const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];

describe('queue namespaces and control entries', () => {
  it('records the queue namespace on pipelines and jobs, and reconciles only its own', async () => {
    await theirs.createRepo('src', { '/a': 'x' });
    const created = await theirs.engine.service.createPipeline({ pipeline: { name: 'foreign', project: theirs.project }, input: { pfs: { repo: 'src', glob: '/*' } }, transform: { cmd: ['true'] } });
    const job = created.job!;
    expect(job.queue).toBe(theirs.queuePrefix);
    expect((await theirs.engine.core.deps.pipelines.getPipeline(theirs.project, 'foreign')).queue).toBe(theirs.queuePrefix);

    // Reconciling every project from the other namespace neither resumes nor re-creates the job.
    const before = await mine.runtime.queues.queue('stemma-pipelines').counts();
    await mine.engine.core.reconcile();
    const after = await mine.runtime.queues.queue('stemma-pipelines').counts();
    expect(after.waiting + after.delayed).toBe(before.waiting + before.delayed);
    expect((await theirs.engine.service.inspectJob(job.id)).state).toBe('created');

    // Its own namespace resumes it.
    const report = await theirs.engine.core.reconcile({ projects: [theirs.project] });
    expect(report.jobsResumed).toBeGreaterThanOrEqual(1);
    await theirs.startWorkers();
    expect((await theirs.engine.service.waitJob(job.id, 30_000)).state).toBe('success');
  });

  it('runs a finish asked for again after one that found the job not ready', async () => {
    const workers = await mine.startWorkers();
    try {
      await mine.createRepo('slow', { '/a': 'x' });
      const cmd = python('import time', 'time.sleep(2)', "open('/pfs/out/a', 'w').write('done')");
      const created = await mine.engine.service.createPipeline({ pipeline: { name: 'late', project: mine.project }, input: { pfs: { repo: 'slow', glob: '/*' } }, transform: { cmd } });
      const jobId = created.job!.id;
      const deadline = Date.now() + 15_000;
      while ((await mine.engine.service.inspectJob(jobId)).state !== 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A finish while the datum runs finds nothing to do; the batch's own finish, with the same id, must still run.
      await mine.engine.scheduler.finishJob(jobId);
      const job = await mine.engine.service.waitJob(jobId, 20_000);
      expect(job.state).toBe('success');
      expect(await mine.readAll('late')).toEqual({ '/a': 'done' });
    } finally {
      await workers.close();
    }
  });
});
