/**
 * Waiting for a job: polls `job(id)` (each answer read afresh from the graph) until the job
 * ends, showing its progress, and turns an ending other than success into an error that
 * names the job, its pipeline and why.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError } from '../core/errors.js';
import type { ApiClient } from './api-client.js';
import { createJobProgressDisplay, type JobProgressMode } from './job-progress.js';
import { JOB_FIELDS, jobView, type JobNode, type JobView } from './pipeline-views.js';

export const TERMINAL_JOB_STATES = ['success', 'failure', 'killed', 'unrunnable'] as const;

const JOB = `query Job($id: String!) { job(id: $id) { ${JOB_FIELDS} } }`;

export interface WaitJobOptions {
  progress: JobProgressMode;
  /** Give up after this long (default: wait as long as it takes). */
  timeoutMs?: number;
  pollMs?: number;
  stream?: NodeJS.WritableStream;
}

/** One job, as the API has it now. */
export async function fetchJob(api: ApiClient, id: string): Promise<JobView> {
  return jobView((await api.graphql<{ job: JobNode }>(JOB, { id })).job);
}

/** Resolves with the job once it has ended (in any state). */
export async function waitForJob(api: ApiClient, id: string, opts: WaitJobOptions): Promise<JobView> {
  const display = createJobProgressDisplay(opts.progress, opts.stream);
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      const job = await fetchJob(api, id);
      display.update(job);
      if ((TERMINAL_JOB_STATES as readonly string[]).includes(job.state)) return job;
      if (Date.now() >= deadline) {
        throw new FailedPreconditionError(`job ${id} is still ${job.state} after ${Math.round((opts.timeoutMs ?? 0) / 1000)}s; wait again with \`stemma wait job ${id}\``);
      }
      await sleep(opts.pollMs ?? 300);
    }
  } finally {
    display.stop();
  }
}

/** Throws unless the job succeeded: the message names the job, its pipeline, its state and its error. */
export function requireSuccess(job: JobView): JobView {
  if (job.state === 'success') return job;
  const why = job.error ? `: ${job.error}` : '';
  throw new FailedPreconditionError(`job ${job.id} of pipeline ${job.pipeline} ended ${job.state}${why}`, { job: job.id, state: job.state });
}

/** The summary line of a job that ended. */
export function describeEnd(job: JobView): string {
  const p = job.progress;
  const counts = `${p.processed} processed, ${p.skipped} skipped, ${p.failed} failed${p.recovered ? `, ${p.recovered} recovered` : ''}`;
  const output = job.outputCommit ? `; output commit ${job.outputCommit}` : '';
  return `job ${job.id} ${job.state}: ${counts} of ${p.total} datums${output}\n`;
}
