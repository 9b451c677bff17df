/**
 * The pipeline processors: the handlers of the two pipeline queues, built from their
 * dependencies (`workers/main.ts` only wires them). Coordination work that keeps failing
 * fails the job it concerns on its last attempt, so no job waits forever on it.
 */
import { isStemmaError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ContentStore, TreeStore } from '../../pfs/tree-store.js';
import type { PipelineCore } from '../../pipelines/service/index.js';
import { TERMINAL_JOB_STATES } from '../../graph-schema/pipelines/index.js';
import type { Runner } from '../runners/runner.js';
import { FinalError, type WorkHandler, type WorkItem } from '../queue/work-queue.js';
import { CONTROL_ATTEMPTS, type DatumBatchTask, type PipelineTask } from './pipeline-queues.js';
import { createDatumBatchProcessor, type BatchOutcome } from './process-datum-batch.js';

export interface PipelineProcessorDeps {
  core: PipelineCore;
  runner: Runner;
  storage: { content: ContentStore; trees: TreeStore };
  /** Absolute directory for datum workspaces. */
  workDir: string;
  logger: Logger;
}

export interface PipelineProcessors {
  control: WorkHandler<PipelineTask, unknown>;
  datums: WorkHandler<DatumBatchTask, BatchOutcome>;
}

export function createPipelineProcessors(deps: PipelineProcessorDeps): PipelineProcessors {
  const { core } = deps;
  const log = deps.logger.child({ component: 'pipeline-processors' });

  /** Runs coordination work for a job; on its last attempt a failure fails the job. */
  const forJob = async <T>(item: WorkItem<PipelineTask>, jobId: string, what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (err) {
      const last = item.attempt >= CONTROL_ATTEMPTS || err instanceof FinalError || (isStemmaError(err) && err.code !== 'UNAVAILABLE');
      log.warn({ err, jobId, what, attempt: item.attempt, last }, `could not ${what} a job`);
      if (!last) throw err;
      await core.lifecycle.fail(jobId, `could not ${what} the job: ${(err as Error).message}`);
      return undefined;
    }
  };

  const expire = async (jobId: string) => {
    const job = await core.deps.jobs.findJob(jobId);
    if (!job || TERMINAL_JOB_STATES.includes(job.state)) return;
    const spec = JSON.parse((await core.deps.pipelines.getVersion(job.pipelineVersionId)).spec) as { jobTimeout?: number };
    await core.lifecycle.fail(jobId, `the job ran longer than its jobTimeout of ${((spec.jobTimeout ?? 0) / 1000).toFixed(1)}s`);
  };

  const control: WorkHandler<PipelineTask, unknown> = async (item) => {
    const task = item.data;
    switch (task.kind) {
      case 'trigger':
        return (await core.trigger.commitFinished(task.commitId)).map((j) => j.id);
      case 'plan':
        return forJob(item, task.jobId, 'plan', () => core.planJob(task.jobId));
      case 'finish':
        return forJob(item, task.jobId, 'finish', () => core.finishJob(task.jobId));
      case 'expire':
        return expire(task.jobId);
      case 'tick':
        return core.cron.tick(task.tick);
    }
  };

  return { control, datums: createDatumBatchProcessor({ ...deps }) };
}
