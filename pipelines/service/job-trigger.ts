/**
 * Starts jobs: on a finished commit, for every pipeline reading its branch; on a new pipeline
 * version, on the current heads; and after a failure, as unrunnable jobs downstream. A job is
 * keyed by (pipeline version, commit set), so every path that would start it starts it once.
 */
import { createHash } from 'node:crypto';
import { repoId } from '../../graph-schema/pfs/index.js';
import { jobId, type JobRecord, type PipelineRecord } from '../../graph-schema/pipelines/index.js';
import { consumersOf, type DagPipeline } from '../execution/pipeline-dag.js';
import { inputRepos, type InputRepoRef } from '../spec/input-repos.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { resolveJobInputs } from './resolve-job-inputs.js';

export interface PipelineSnapshot {
  records: PipelineRecord[];
  dag: DagPipeline[];
}

/** The commit set of a version's first job: new, and the same however often it is asked for. */
export function firstCommitSet(pipelineVersionId: string): string {
  return createHash('sha256').update(`first-job\0${pipelineVersionId}`).digest('hex').slice(0, 32);
}

export function specOf(record: PipelineRecord): PipelineSpec {
  return JSON.parse(record.current.spec) as PipelineSpec;
}

export function toDag(records: readonly PipelineRecord[]): DagPipeline[] {
  return records.map((r) => ({ id: r.id, createdAt: r.createdAt, inputRepoIds: r.current.inputRepoIds, outputRepoId: r.current.outputRepoId }));
}

export type JobTrigger = ReturnType<typeof createJobTrigger>;

export function createJobTrigger(deps: PipelineDeps) {
  const log = deps.logger.child({ component: 'job-trigger' });
  const { commits, repos } = deps.pfs.deps;

  const snapshot = async (): Promise<PipelineSnapshot> => {
    const records = await deps.pipelines.listPipelines();
    return { records, dag: toDag(records) };
  };

  const headOf = async (ref: InputRepoRef): Promise<string | null> => {
    const branch = await repos.findBranch(ref.project, ref.repo, ref.branch);
    return branch?.head ?? null;
  };

  /** Creates the pipeline's job on a commit set, unless it must wait for an upstream commit. */
  const triggerJob = async (pipeline: PipelineRecord, commitSet: string, snap: PipelineSnapshot, failedRepos?: Set<string>): Promise<JobRecord | null> => {
    const version = pipeline.current;
    const id = jobId(version.id, commitSet);
    const existing = await deps.jobs.findJob(id);
    if (existing) return existing;
    const resolution = await resolveJobInputs({
      branches: inputRepos(specOf(pipeline)),
      setCommits: await commits.commitSet(commitSet),
      dag: snap.dag,
      failedRepos,
      headOf,
      upstreamJob: (pipelineId) => deps.jobs.jobInCommitSet(pipelineId, commitSet),
    });
    if (resolution.kind === 'wait') {
      log.debug({ pipeline: pipeline.id, commitSet, reason: resolution.reason }, 'job waits for its inputs');
      return null;
    }
    if (resolution.kind === 'ready' && resolution.inputs.every((i) => i.commitId === null)) return null;
    const unrunnable = resolution.kind === 'unrunnable';
    const { job, created } = await deps.jobs.createJob({
      id,
      pipelineId: pipeline.id,
      pipelineVersionId: version.id,
      pipelineVersion: version.version,
      commitSet,
      state: unrunnable ? 'unrunnable' : 'created',
      inputs: resolution.inputs,
      error: unrunnable ? resolution.reason : null,
      queue: deps.scheduler.scope,
    });
    if (!created) return job;
    log.info({ jobId: job.id, pipeline: pipeline.id, commitSet, state: job.state }, 'job created');
    if (unrunnable) await propagateFailure(job, snap);
    else await deps.scheduler.planJob(job.id);
    return job;
  };

  /** Downstream of a job that did not succeed, the jobs of its commit set are unrunnable. */
  const propagateFailure = async (job: JobRecord, snap?: PipelineSnapshot): Promise<void> => {
    const current = snap ?? (await snapshot());
    const output = current.records.find((r) => r.id === job.pipelineId)?.current.outputRepoId;
    if (!output) return;
    for (const consumer of consumersOf(current.dag, output)) {
      const record = current.records.find((r) => r.id === consumer.id)!;
      await triggerJob(record, job.commitSet, current, new Set([output]));
    }
  };

  return {
    triggerJob,
    propagateFailure,
    snapshot,

    /** Starts the jobs of every pipeline reading the commit's branch. */
    async commitFinished(commitId: string): Promise<JobRecord[]> {
      const commit = await commits.findCommit(commitId);
      if (!commit || commit.state !== 'finished' || !commit.branch) return [];
      const snap = await snapshot();
      // A version created after the commit finished read it (or a newer head) in its first job.
      const readers = snap.records.filter(
        (r) =>
          r.current.createdAt <= (commit.finishedAt ?? commit.createdAt) &&
          r.current.inputRepoIds.includes(commit.repoId) &&
          inputRepos(specOf(r)).some((ref) => repoId(ref.project, ref.repo) === commit.repoId && ref.branch === commit.branch),
      );
      const jobs: JobRecord[] = [];
      for (const reader of readers) {
        const job = await triggerJob(reader, commit.commitSet, snap);
        if (job) jobs.push(job);
      }
      return jobs;
    },

    /** Starts a new version's first job on the current input heads (none if no input has a commit). */
    async startVersion(pipeline: PipelineRecord): Promise<JobRecord | null> {
      return triggerJob(pipeline, firstCommitSet(pipeline.current.id), await snapshot());
    },

    /** Lets the pipeline's next waiting job start once a job has ended. */
    async startNextJob(pipelineId: string, after: string): Promise<void> {
      const next = await deps.jobs.nextWaitingJob(pipelineId);
      if (next) await deps.scheduler.planJob(next.id, `after-${after}`);
    },
  };
}
