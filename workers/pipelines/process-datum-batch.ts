/**
 * The datum-batch processor. Datums of the batch already recorded (by an earlier attempt,
 * or by a worker that died after recording them) are skipped; the others run one by one.
 * A datum that fails while tries remain makes the batch fail after the others have run, so
 * that the queue retries it with backoff; on the last try it is recorded as failed. When
 * the last datum of the job is recorded, the job is queued to finish.
 */
import { repoId } from '../../graph-schema/pfs/index.js';
import type { DatumResultRow, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { PipelineSpec } from '../../pipelines/index.js';
import type { PlannedDatum } from '../../pipelines/service/index.js';
import type { WorkItem } from '../queue/work-queue.js';
import { createDatumResultRecorder } from './datum-result-recorder.js';
import { watchJob } from './job-watch.js';
import type { DatumBatchTask } from './pipeline-queues.js';
import { runDatumAttempt, type DatumAttempt, type RunDatumContext } from './run-datum.js';

const JOB_DEADLINE_GRACE_MS = 2_000;

export interface BatchOutcome {
  ran: number;
  skipped: number;
  retrying: number;
}

export function createDatumBatchProcessor(ctx: RunDatumContext) {
  const { deps, artifacts } = ctx.core;

  const allDone = (job: JobRecord) => job.counts.processed + job.counts.skipped + job.counts.failed + job.counts.recovered >= job.counts.total;

  /**
   * Milliseconds the datum may run: its own timeout, cut to what is left of the job's (plus
   * a grace, so that the job's expiry, not the datum's timeout, says why the job failed).
   */
  const timeoutFor = (job: JobRecord, spec: PipelineSpec): number | undefined => {
    const left = spec.jobTimeout && job.startedAt ? new Date(job.startedAt).getTime() + spec.jobTimeout + JOB_DEADLINE_GRACE_MS - Date.now() : undefined;
    const limits = [spec.datumTimeout, left].filter((v): v is number => v !== undefined);
    return limits.length ? Math.max(1, Math.min(...limits)) : undefined;
  };

  return async function processDatumBatch(item: WorkItem<DatumBatchTask>): Promise<BatchOutcome> {
    const { jobId, batch } = item.data;
    const job = await deps.jobs.findJob(jobId);
    if (!job || job.state !== 'running') return { ran: 0, skipped: 0, retrying: 0 };
    const spec = JSON.parse((await deps.pipelines.getVersion(job.pipelineVersionId)).spec) as PipelineSpec;
    const planned = await artifacts.getBatch(jobId, batch);
    const recorded = await deps.datums.states(jobId, planned.map((d) => d.datumKey));
    const todo = planned.filter((d) => !recorded.has(d.datumKey));
    const lastTry = item.attempt >= spec.datumTries;
    const log = ctx.logger.child({ jobId, batch, attempt: item.attempt });
    const recorder = createDatumResultRecorder(deps, jobId);
    const watch = watchJob(deps.jobs, jobId);
    let retrying = 0;
    let ran = 0;
    try {
      for (const datum of todo) {
        if (watch.signal.aborted) break;
        const timeoutMs = timeoutFor(job, spec);
        const attempt = await runDatumAttempt(ctx, { jobId, spec, datum, attempt: item.attempt, timeoutMs, signal: watch.signal }).catch(
          (err: unknown): DatumAttempt => ({ state: 'failed', final: false, error: `the worker could not run the datum: ${(err as Error).message}`, durationMs: 0, outputs: [] }),
        );
        ran++;
        if (watch.signal.aborted) break;
        if (attempt.state === 'failed' && !attempt.final && !lastTry) {
          log.info({ datumId: datum.datumKey, error: attempt.error }, 'datum failed; it will be retried');
          retrying++;
          continue;
        }
        await recorder.add(resultRow(spec, datum, attempt, item.attempt));
      }
      await recorder.flush();
    } finally {
      watch.stop();
    }
    const latest = recorder.job ?? (await deps.jobs.findJob(jobId));
    if (latest?.state === 'running' && allDone(latest)) await deps.scheduler.finishJob(jobId);
    if (retrying > 0) throw new Error(`${retrying} datum${retrying === 1 ? '' : 's'} of batch ${batch} of job ${jobId} failed; retrying`);
    return { ran, skipped: planned.length - todo.length, retrying };
  };
}

function resultRow(spec: PipelineSpec, datum: PlannedDatum, attempt: DatumAttempt, attempts: number): DatumResultRow {
  return {
    datumKey: datum.datumKey,
    hash: datum.hash,
    state: attempt.state,
    attempts,
    durationMs: attempt.durationMs,
    error: attempt.error,
    inputs: datum.inputs.flatMap((input) => input.files.map((f) => ({ repoId: repoId(input.project, input.repo), path: f.path, hash: f.hash, size: f.size }))),
    outputs: attempt.outputs.map((f) => ({ repoId: repoId(spec.pipeline.project, spec.pipeline.name), path: f.path, hash: f.hash, size: f.size })),
  };
}
