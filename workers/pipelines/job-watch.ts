/**
 * Watches a job while its datums run: when the job ends elsewhere (stopped, timed out,
 * failed), the abort signal fires and the running datum is killed.
 */
import type { JobGraph } from '../../graph-schema/pipelines/index.js';
import { TERMINAL_JOB_STATES } from '../../graph-schema/pipelines/index.js';

export interface JobWatch {
  signal: AbortSignal;
  stop(): void;
}

export function watchJob(jobs: JobGraph, jobId: string, intervalMs = 1_000): JobWatch {
  const controller = new AbortController();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    jobs
      .findJob(jobId)
      .then((job) => {
        if (!job || TERMINAL_JOB_STATES.includes(job.state)) controller.abort();
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    signal: controller.signal,
    stop: () => clearInterval(timer),
  };
}
