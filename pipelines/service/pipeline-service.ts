/**
 * The pipeline service: what the API and the CLI call to create and change pipelines and to
 * watch their jobs and datums. It creates jobs and asks the scheduler for work; the workers
 * (workers/pipelines) do the work through the same domain functions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import type { DatumFiles, DatumRecord, JobRecord, JobState, ModelVersionRecord, PipelineRecord, PipelineVersionRecord } from '../../graph-schema/pipelines/index.js';
import { modelId, pipelineId, TERMINAL_JOB_STATES } from '../../graph-schema/pipelines/index.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import { createPipelineCreator, type CreatePipelineOptions, type CreatePipelineResult, type PipelineSpecInput } from './create-pipeline.js';
import { createPipelineDeleter, type DeletePipelineResult } from './delete-pipeline.js';
import { createDatumDryRun, type DryRunDatum } from './dry-run-datums.js';
import type { DatumAttemptLog } from './job-artifacts.js';
import { specOf } from './job-trigger.js';
import { createPipelineCore, type PipelineCore } from './pipeline-core.js';
import type { PipelineDeps } from './pipeline-deps.js';
import type { ReconcileOptions, ReconcileReport } from './reconcile-pipelines.js';

export interface PipelineInfo {
  pipeline: PipelineRecord;
  spec: PipelineSpec;
  /** Newest first (at most 20). */
  versions: PipelineVersionRecord[];
  lastJob: JobRecord | null;
}

export interface JobListFilter {
  project?: string;
  pipeline?: string;
  commitSet?: string;
  states?: JobState[];
  limit?: number;
}

export interface DatumInfo {
  datum: DatumRecord;
  files: DatumFiles;
}

const WAIT_POLL_MS = 200;

export type PipelineService = ReturnType<typeof createPipelineService>;

export function createPipelineService(deps: PipelineDeps, core: PipelineCore = createPipelineCore(deps)) {
  const { trigger, cron, lifecycle, artifacts } = core;
  const createPipeline = createPipelineCreator(deps, trigger, cron);

  const getDatum = async (jobId: string, datumKey: string): Promise<DatumRecord> => {
    await deps.jobs.carryForward(jobId);
    const datum = await deps.datums.findDatum(jobId, datumKey);
    if (!datum) throw new NotFoundError(`datum ${datumKey} of job ${jobId} does not exist (or has not finished yet)`, { job: jobId, datum: datumKey });
    return datum;
  };

  return {
    /** Creates a pipeline from a spec (JSON, YAML or a value); with `update`, a new version of an existing one. */
    createPipeline: (spec: PipelineSpecInput, opts: CreatePipelineOptions = {}): Promise<CreatePipelineResult> => createPipeline(spec, opts),
    /** A new version of a pipeline; datums rerun where the new spec changes their hashes, or all with `reprocess`. */
    updatePipeline: (spec: PipelineSpecInput, opts: { reprocess?: boolean } = {}): Promise<CreatePipelineResult> => createPipeline(spec, { ...opts, update: true }),
    /** Runs the pipeline again on its current inputs, reprocessing every datum (a new version with the same spec). */
    async rerun(project: string, name: string): Promise<CreatePipelineResult> {
      const pipeline = await deps.pipelines.getPipeline(project, name);
      return createPipeline(JSON.parse(pipeline.current.spec) as Record<string, unknown>, { update: true, reprocess: true });
    },
    deletePipeline: createPipelineDeleter(deps, lifecycle) as (project: string, name: string, opts?: { keepRepo?: boolean }) => Promise<DeletePipelineResult>,
    listPipelines: (project?: string): Promise<PipelineRecord[]> => deps.pipelines.listPipelines(project),

    async inspectPipeline(project: string, name: string): Promise<PipelineInfo> {
      const pipeline = await deps.pipelines.getPipeline(project, name);
      const [versions, jobs] = await Promise.all([deps.pipelines.listVersions(project, name, 20), deps.jobs.listJobs({ pipelineId: pipeline.id, limit: 1 })]);
      return { pipeline, spec: specOf(pipeline), versions, lastJob: jobs[0] ?? null };
    },

    listJobs: (filter: JobListFilter = {}): Promise<JobRecord[]> =>
      deps.jobs.listJobs({
        pipelineId: filter.pipeline ? pipelineId(filter.project ?? 'default', filter.pipeline) : undefined,
        projects: filter.project && !filter.pipeline ? [filter.project] : undefined,
        commitSet: filter.commitSet,
        states: filter.states,
        limit: filter.limit,
      }),
    inspectJob: (jobId: string): Promise<JobRecord> => deps.jobs.getJob(jobId),
    /** Kills an unfinished job; its running datums are stopped. */
    async stopJob(jobId: string): Promise<JobRecord> {
      await deps.jobs.getJob(jobId);
      return (await lifecycle.kill(jobId)) ?? deps.jobs.getJob(jobId);
    },

    /** Resolves with the job once it has ended; rejects if it has not within `timeoutMs`. */
    async waitJob(jobId: string, timeoutMs = 60_000): Promise<JobRecord> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await deps.jobs.getJob(jobId);
        if (TERMINAL_JOB_STATES.includes(job.state)) return job;
        if (Date.now() >= deadline) throw new FailedPreconditionError(`job ${jobId} is still ${job.state} after ${Math.round(timeoutMs / 1000)}s`, { job: jobId, state: job.state });
        await sleep(WAIT_POLL_MS);
      }
    },

    /** A page of a job's datums; a carry still being made is made first, so every datum is listed. */
    async listDatums(jobId: string, opts: { states?: DatumRecord['state'][]; limit?: number; after?: string } = {}): Promise<DatumRecord[]> {
      await deps.jobs.carryForward(jobId);
      return deps.datums.listDatums(jobId, opts);
    },
    async inspectDatum(jobId: string, datumKey: string): Promise<DatumInfo> {
      const datum = await getDatum(jobId, datumKey);
      return { datum, files: await deps.datums.datumFiles(datum.sourceJobId, datumKey) };
    },
    /** The logs of every attempt at a datum (of the job that ran it, for a skipped datum), oldest first. */
    async datumLogs(jobId: string, datumKey: string): Promise<DatumAttemptLog[]> {
      await deps.jobs.carryForward(jobId);
      const datum = await deps.datums.findDatum(jobId, datumKey);
      const ran = datum && datum.sourceJobId !== jobId && datum.batch === null ? await deps.datums.findDatum(datum.sourceJobId, datumKey) : datum;
      return artifacts.listLogs(datum?.sourceJobId ?? jobId, datumKey, ran?.batch ?? null);
    },
    dryRunDatums: createDatumDryRun(deps) as (spec: PipelineSpecInput) => Promise<DryRunDatum[]>,
    listModelVersions: (project: string, name: string, limit?: number): Promise<ModelVersionRecord[]> => deps.models.listVersions(modelId(project, name), limit),

    /** Starts the jobs downstream of a finished commit (the workers call this for each commit). */
    commitFinished: (commitId: string): Promise<JobRecord[]> => trigger.commitFinished(commitId),
    /** Repairs what a crash could have lost (see reconcile-pipelines.ts). */
    reconcile: (opts?: ReconcileOptions): Promise<ReconcileReport> => core.reconcile(opts),
  };
}
