/**
 * The datum-batch processor. Datums of the batch already recorded (by an earlier attempt,
 * or by a worker that died after recording them) are skipped; the others run one by one in
 * one runner session (one sandbox), the next datum's inputs being fetched while one runs.
 * A datum that fails while tries remain makes the batch fail after the others have run, so
 * that the queue retries it with backoff; on the last try it is recorded as failed. When
 * the last datum of the job is recorded, the job is queued to finish.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { repoId } from '../../graph-schema/pfs/index.js';
import type { DatumResultRow, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { PipelineSpec } from '../../pipelines/index.js';
import type { PlannedDatum } from '../../pipelines/service/index.js';
import type { WorkItem } from '../queue/work-queue.js';
import { perDatumSession, type RunnerSession } from '../runners/runner.js';
import { createDatumResultRecorder, type DatumResultRecorder } from './datum-result-recorder.js';
import { prepareDatumWorkspace, type DatumWorkspace } from './datum-workspace.js';
import { watchJob } from './job-watch.js';
import type { DatumBatchTask } from './pipeline-queues.js';
import { attemptLog, runDatumAttempt, type DatumAttempt, type RunDatumContext } from './run-datum.js';

const JOB_DEADLINE_GRACE_MS = 2_000;
const SPEC_CACHE = 100;

export interface BatchOutcome {
  ran: number;
  skipped: number;
  retrying: number;
}

interface BatchRun {
  jobId: string;
  job: JobRecord;
  spec: PipelineSpec;
  attempt: number;
  lastTry: boolean;
  session: RunnerSession;
  scratchDir: string;
  recorder: DatumResultRecorder;
  signal: AbortSignal;
}

export function createDatumBatchProcessor(ctx: RunDatumContext) {
  const { deps, artifacts } = ctx.core;
  const specs = new Map<string, PipelineSpec>();

  const allDone = (job: JobRecord) => job.counts.processed + job.counts.skipped + job.counts.failed + job.counts.recovered >= job.counts.total;

  /** A pipeline version's spec never changes: read once per process. */
  const specOf = async (versionId: string): Promise<PipelineSpec> => {
    let spec = specs.get(versionId);
    if (!spec) {
      spec = JSON.parse((await deps.pipelines.getVersion(versionId)).spec) as PipelineSpec;
      if (specs.size >= SPEC_CACHE) specs.delete(specs.keys().next().value!);
      specs.set(versionId, spec);
    }
    return spec;
  };

  /**
   * Milliseconds the datum may run: its own timeout, cut to what is left of the job's (plus
   * a grace, so that the job's expiry, not the datum's timeout, says why the job failed).
   */
  const timeoutFor = (job: JobRecord, spec: PipelineSpec): number | undefined => {
    const left = spec.jobTimeout && job.startedAt ? new Date(job.startedAt).getTime() + spec.jobTimeout + JOB_DEADLINE_GRACE_MS - Date.now() : undefined;
    const limits = [spec.datumTimeout, left].filter((v): v is number => v !== undefined);
    return limits.length ? Math.max(1, Math.min(...limits)) : undefined;
  };

  const prefetch = (run: BatchRun, datum: PlannedDatum): Promise<DatumWorkspace> => {
    const space = prepareDatumWorkspace(ctx.storage.content, run.scratchDir, datum);
    space.catch(() => undefined);
    return space;
  };

  /** One datum: run it, then record it, or (tries left) keep only its log for the retry. */
  const runOne = async (run: BatchRun, datum: PlannedDatum, space: Promise<DatumWorkspace>): Promise<'recorded' | 'retrying' | 'stopped'> => {
    const attempt = await space
      .then((ws) =>
        runDatumAttempt(ctx, { jobId: run.jobId, spec: run.spec, datum, attempt: run.attempt, timeoutMs: timeoutFor(run.job, run.spec), signal: run.signal, session: run.session, space: ws, outputs: run.recorder.outputs }).finally(() => {
          // Not waited for: the batch's scratch directory goes at the end anyway.
          ws.remove().catch((err: unknown) => ctx.logger.warn({ err, dir: ws.root }, 'could not remove a datum workspace'));
        }),
      )
      .catch((err: unknown): DatumAttempt => {
        const error = `the worker could not run the datum: ${(err as Error).message}`;
        return { state: 'failed', final: false, error, durationMs: 0, outputs: [], log: attemptLog({ attempt: run.attempt, startedAt: new Date().toISOString(), error }) };
      });
    if (run.signal.aborted) return 'stopped';
    const entry = { datumKey: datum.datumKey, hash: datum.hash, outputs: attempt.state === 'success' ? attempt.outputs : null, logs: [attempt.log] };
    const retry = attempt.state === 'failed' && !attempt.final && !run.lastTry;
    if (retry) ctx.logger.info({ jobId: run.jobId, datumId: datum.datumKey, error: attempt.error }, 'datum failed; it will be retried');
    await run.recorder.add({ entry, row: retry ? null : resultRow(run.spec, datum, attempt, run.attempt) });
    return retry ? 'retrying' : 'recorded';
  };

  return async function processDatumBatch(item: WorkItem<DatumBatchTask>): Promise<BatchOutcome> {
    const { jobId, batch } = item.data;
    const plannedRead = artifacts.getBatch(jobId, batch);
    plannedRead.catch(() => undefined);
    const job = await deps.jobs.findJob(jobId);
    if (!job || job.state !== 'running') return { ran: 0, skipped: 0, retrying: 0 };
    const [spec, planned] = await Promise.all([specOf(job.pipelineVersionId), plannedRead]);
    const recorded = await deps.datums.states(jobId, planned.map((d) => d.datumKey));
    const todo = planned.filter((d) => !recorded.has(d.datumKey));
    const scratchDir = join(ctx.workDir, jobId, `b${batch}-a${item.attempt}-${randomUUID().slice(0, 8)}`);
    await mkdir(scratchDir, { recursive: true });
    const watch = watchJob(deps.jobs, jobId);
    const recorder = createDatumResultRecorder(deps, artifacts, ctx.storage.content, { jobId, batch, attempt: item.attempt });
    let ran = 0;
    let retrying = 0;
    try {
      // One datum gains nothing from a shared sandbox, and would wait for its start.
      const session = todo.length > 1 ? await ctx.runner.openSession({ jobId, pipeline: spec.pipeline, scratchDir }) : perDatumSession(ctx.runner);
      const run: BatchRun = { jobId, job, spec, attempt: item.attempt, lastTry: item.attempt >= spec.datumTries, session, scratchDir, recorder, signal: watch.signal };
      try {
        let next = todo[0] ? prefetch(run, todo[0]) : undefined;
        for (let i = 0; i < todo.length && !watch.signal.aborted; i++) {
          const current = next!;
          next = todo[i + 1] ? prefetch(run, todo[i + 1]!) : undefined;
          const outcome = await runOne(run, todo[i]!, current);
          if (outcome === 'stopped') break;
          ran++;
          if (outcome === 'retrying') retrying++;
        }
        await recorder.flush();
      } finally {
        await session.close();
      }
    } finally {
      watch.stop();
      await rm(scratchDir, { recursive: true, force: true }).catch(() => undefined);
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
