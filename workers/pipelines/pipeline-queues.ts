/**
 * The pipeline queues on the work-queue port, and the scheduler the domain asks for work
 * through. Two queues, so that long datums never hold up the short coordination work:
 * - `stemma-pipelines`: `trigger` (a commit finished), `plan`, `finish`, `expire` (job
 *   timeout) and `tick` (a cron input's next tick, delayed until its time);
 * - `stemma-datums`: `batch`, one entry per batch of datums, `datumTries` attempts with
 *   exponential backoff.
 * Every entry has a deterministic id, so asking twice while an entry waits queues once.
 * Entries are dropped as soon as they complete: an entry that found nothing to do (a finish
 * whose job was not ready, a plan that must wait, a batch of a job not running) must not
 * block a later request with the same id. Every handler is idempotent, so a request that
 * comes again runs again harmlessly.
 */
import { createHash } from 'node:crypto';
import type { CronTick, DatumBatchRequest, JobScheduler } from '../../pipelines/service/index.js';
import type { QueueBackend } from '../queue/work-queue.js';

export const PIPELINE_QUEUE = 'stemma-pipelines';
export const DATUM_QUEUE = 'stemma-datums';

/** Attempts of coordination work before the job it concerns fails. */
export const CONTROL_ATTEMPTS = 5;
const CONTROL_BACKOFF_MS = 1_000;

export type PipelineTask =
  | { kind: 'trigger'; commitId: string }
  | { kind: 'plan'; jobId: string }
  | { kind: 'finish'; jobId: string }
  | { kind: 'expire'; jobId: string }
  | { kind: 'tick'; tick: CronTick };

export interface DatumBatchTask {
  jobId: string;
  batch: number;
}

/** A queue id from any text: BullMQ ids may not contain `:`. */
function queueId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.@-]/g, '_')).join('.');
}

export function createQueueJobScheduler(queues: QueueBackend): JobScheduler {
  const control = queues.queue<PipelineTask>(PIPELINE_QUEUE);
  const datums = queues.queue<DatumBatchTask>(DATUM_QUEUE);
  const add = async (task: PipelineTask, id: string, delayMs?: number) => {
    await control.add(task.kind, task, { jobId: id, attempts: CONTROL_ATTEMPTS, backoffMs: CONTROL_BACKOFF_MS, delayMs, removeOnComplete: true });
  };
  const withReason = (id: string, reason?: string) => (reason ? queueId(id, reason) : id);

  return {
    scope: queues.namespace,
    commitFinished: (commitId) => add({ kind: 'trigger', commitId }, queueId('trigger', commitId)),
    planJob: (jobId, reason) => add({ kind: 'plan', jobId }, withReason(queueId('plan', jobId), reason)),
    finishJob: (jobId, reason) => add({ kind: 'finish', jobId }, withReason(queueId('finish', jobId), reason)),
    expireJob: (jobId, delayMs) => add({ kind: 'expire', jobId }, queueId('expire', jobId), Math.max(0, delayMs)),
    async runDatumBatches(request: DatumBatchRequest) {
      const items = Array.from({ length: request.batches }, (_, batch) => ({
        name: 'batch',
        data: { jobId: request.jobId, batch },
        opts: { jobId: queueId(request.jobId, `b${batch}`), attempts: request.attempts, backoffMs: request.backoffMs, removeOnComplete: true },
      }));
      for (let i = 0; i < items.length; i += 1_000) await datums.addBulk(items.slice(i, i + 1_000));
    },
    scheduleCronTick: (tick) => {
      const key = createHash('sha256').update(`${tick.pipelineVersionId}\0${tick.input}\0${tick.at}`).digest('hex').slice(0, 32);
      return add({ kind: 'tick', tick }, queueId('tick', key), new Date(tick.at).getTime() - Date.now());
    },
  };
}
