/**
 * How a job ends. Whatever ends it (a failed datum, a conflict, a timeout, a stop), the
 * same things follow: downstream jobs of its commit set become unrunnable unless it
 * succeeded, and the pipeline's next waiting job may start.
 */
import type { JobRecord, JobState } from '../../graph-schema/pipelines/index.js';
import { canTransitionJob } from '../job-state.js';
import type { JobTrigger } from './job-trigger.js';
import type { PipelineDeps } from './pipeline-deps.js';

const UNFINISHED: JobState[] = ['created', 'running', 'finishing'];

export type JobLifecycle = ReturnType<typeof createJobLifecycle>;

export function createJobLifecycle(deps: PipelineDeps, trigger: JobTrigger) {
  const log = deps.logger.child({ component: 'jobs' });

  const afterEnd = async (job: JobRecord): Promise<void> => {
    if (job.state !== 'success') await trigger.propagateFailure(job);
    await trigger.startNextJob(job.pipelineId, job.id);
  };

  /** Ends an unfinished job in `state` with `error`; returns null when it had already ended. */
  const end = async (jobId: string, state: 'failure' | 'killed', error: string): Promise<JobRecord | null> => {
    const from = UNFINISHED.filter((s) => canTransitionJob(s, state));
    const ended = await deps.jobs.transition(jobId, from, state, error);
    if (!ended) return null;
    log.info({ jobId, state, error }, 'job ended');
    await afterEnd(ended);
    return ended;
  };

  return {
    afterEnd,
    fail: (jobId: string, error: string) => end(jobId, 'failure', error),
    kill: (jobId: string, reason = 'stopped by a user') => end(jobId, 'killed', reason),

    async succeed(jobId: string): Promise<JobRecord | null> {
      const done = await deps.jobs.transition(jobId, ['finishing'], 'success');
      if (done) {
        log.info({ jobId, counts: done.counts }, 'job succeeded');
        await afterEnd(done);
      }
      return done;
    },
  };
}
