/**
 * Planning a job: list its input commits' files, cut them into datums, skip those whose hash
 * succeeded in the parent job, store the rest as batches and queue them. The plan lands in
 * the graph in one transaction (counts, skipped datums, created → running), so a planner
 * that dies half-way leaves the job `created`, to be planned again from scratch.
 */
import { randomUUID } from 'node:crypto';
import type { JobRecord, PipelineVersionRecord } from '../../graph-schema/pipelines/index.js';
import { repoId } from '../../graph-schema/pfs/index.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import type { Datum, FileEntry } from '../datums/datum-types.js';
import { planDatums } from '../datums/plan-datums.js';
import { cutBatches, datumBatchSize } from '../execution/datum-batches.js';
import { datumSpecHash } from '../execution/datum-spec-hash.js';
import { partitionDatums, type ParentDatum } from '../execution/partition-datums.js';
import type { InputRepoRef } from '../spec/input-repos.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { JobArtifacts, PlannedDatum } from './job-artifacts.js';
import type { PipelineDeps } from './pipeline-deps.js';

export const PLAN_LEASE_MS = 10 * 60_000;
export const DATUM_RETRY_BACKOFF_MS = 500;
const WRITE_CONCURRENCY = 16;

export type PlanOutcome = 'planned' | 'waiting' | 'not-needed';

export function createJobPlanner(deps: PipelineDeps, artifacts: JobArtifacts) {
  const log = deps.logger.child({ component: 'plan-job' });
  const { commits, repos, trees } = deps.pfs.deps;

  /** Every file of every input commit, by branch. */
  const listInputs = async (job: JobRecord): Promise<Map<string, TreeEntry[]>> => {
    const files = new Map<string, TreeEntry[]>();
    for (const input of job.inputs) {
      const entries: TreeEntry[] = [];
      if (input.commitId) {
        const commit = await commits.getCommit(input.commitId);
        for await (const entry of trees.list(commit.manifest)) entries.push(entry);
      }
      files.set(branchKey(input.project, input.repo, input.branch), entries);
    }
    return files;
  };

  /** The job that wrote the output branch's head, and the datums whose outputs it holds. */
  const parentOf = async (job: JobRecord, spec: PipelineSpec) => {
    const branch = await repos.findBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch);
    const parent = branch?.head ? await deps.jobs.jobProducing(branch.head) : null;
    const datums: ParentDatum[] = parent && parent.pipelineId === job.pipelineId ? await deps.datums.carriedDatums(parent.id) : [];
    return { baseCommitId: branch?.head ?? null, parent: parent?.pipelineId === job.pipelineId ? parent : null, datums };
  };

  const reprocesses = (version: PipelineVersionRecord, spec: PipelineSpec, parent: JobRecord | null) =>
    spec.reprocessSpec === 'every_job' || (version.reprocess && parent?.pipelineVersionId !== version.id);

  const plan = async (job: JobRecord): Promise<'finish' | 'run' | undefined> => {
    const version = await deps.pipelines.getVersion(job.pipelineVersionId);
    const spec = JSON.parse(version.spec) as PipelineSpec;
    const files = await listInputs(job);
    const commitIds = new Map(job.inputs.map((i) => [branchKey(i.project, i.repo, i.branch), i.commitId ?? undefined]));
    const keyOf = (ref: InputRepoRef) => branchKey(ref.project, ref.repo, ref.branch);
    const datums = planDatums(spec.input, (ref): readonly FileEntry[] => files.get(keyOf(ref)) ?? [], {
      specHash: datumSpecHash(spec),
      salt: spec.salt,
      commitOf: (ref) => commitIds.get(keyOf(ref)),
    });
    const { baseCommitId, parent, datums: parentDatums } = await parentOf(job, spec);
    const split = partitionDatums(datums, parentDatums, { reprocess: reprocesses(version, spec, parent) });
    const batches = cutBatches(split.run.map(toPlanned), datumBatchSize(split.run.length, spec.parallelismSpec.constant));
    await inBatches(batches.map((datums, n) => () => artifacts.putBatch(job.id, n, datums)), WRITE_CONCURRENCY);
    await artifacts.putCarry(job.id, {
      parentJobId: parent?.id ?? null,
      baseCommitId,
      removed: split.removed,
      skippedSourceJobs: [...new Set(split.skip.map((d) => d.sourceJobId))],
    });
    const started = await deps.jobs.startJob(job.id, {
      total: datums.length,
      batches: batches.length,
      parentJobId: parent?.id ?? null,
      skipped: split.skip.map((d) => ({ datumKey: d.datumKey, hash: d.hash, sourceJobId: d.sourceJobId })),
    });
    if (!started) return undefined;
    log.info({ jobId: job.id, datums: datums.length, run: split.run.length, skipped: split.skip.length, removed: split.removed.length, batches: batches.length }, 'job planned');
    if (spec.jobTimeout) await deps.scheduler.expireJob(job.id, spec.jobTimeout);
    if (batches.length === 0) return 'finish';
    await deps.scheduler.runDatumBatches({ jobId: job.id, batches: batches.length, attempts: spec.datumTries, backoffMs: DATUM_RETRY_BACKOFF_MS });
    return 'run';
  };

  /** Plans a created job, unless an earlier job of its pipeline has not ended (it then waits its turn). */
  return async function planJob(jobId: string): Promise<PlanOutcome> {
    const job = await deps.jobs.findJob(jobId);
    if (!job || job.state !== 'created') return 'not-needed';
    if (await deps.jobs.blockingJob(job)) return 'waiting';
    const holder = randomUUID();
    if (!(await deps.jobs.acquireLease(jobId, holder, PLAN_LEASE_MS))) return 'not-needed';
    let next: 'finish' | 'run' | undefined;
    try {
      next = await plan(job);
    } finally {
      await deps.jobs.releaseLease(jobId, holder);
    }
    // Asked for only once the lease is released: a finisher that found it held would drop
    // the only finish a job with nothing to run gets.
    if (next === 'finish') await deps.scheduler.finishJob(jobId);
    return 'planned';
  };
}

function branchKey(project: string, repo: string, branch: string): string {
  return `${repoId(project, repo)}@${branch}`;
}

/** The planner keeps every field of the listed entries, so each file still carries its content ref. */
function toPlanned(datum: Datum): PlannedDatum {
  return { datumKey: datum.id, hash: datum.hash, inputs: datum.inputs as unknown as PlannedDatum['inputs'] };
}

async function inBatches(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<void> {
  for (let i = 0; i < tasks.length; i += concurrency) await Promise.all(tasks.slice(i, i + concurrency).map((t) => t()));
}
