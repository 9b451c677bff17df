/**
 * Planning a job: cut its inputs into datums, skip those whose hash succeeded in the parent
 * job, store the rest as batches and queue them. A job with a parent plans from the diff of
 * its input commits against the parent's (`plan-from-diff.ts`), so that its cost follows
 * the change; a first job, a reprocessing one, or one whose parent's datums cannot stand
 * for its own plans from every file. The plan lands in the graph in one transaction
 * (counts, skipped and carried datums, created → running), so a planner that dies half-way
 * leaves the job `created`, to be planned again from scratch.
 */
import { randomUUID } from 'node:crypto';
import type { CarryForward, JobRecord, PipelineVersionRecord } from '../../graph-schema/pipelines/index.js';
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
import { createDiffPlanner } from './plan-from-diff.js';

export const PLAN_LEASE_MS = 10 * 60_000;
export const DATUM_RETRY_BACKOFF_MS = 500;
const WRITE_CONCURRENCY = 16;

export type PlanOutcome = 'planned' | 'waiting' | 'not-needed';

/** A recorded plan: the job runs; its batches are still to queue, and its carry (if any) to make. */
interface StartedJob {
  spec: PipelineSpec;
  batches: number;
  carry: boolean;
}

/** What a plan decides, however it was made. */
interface Plan {
  total: number;
  run: Datum[];
  skip: ParentDatum[];
  removed: ParentDatum[];
  carry?: CarryForward;
  how: 'diff' | 'full';
}

export function createJobPlanner(deps: PipelineDeps, artifacts: JobArtifacts) {
  const log = deps.logger.child({ component: 'plan-job' });
  const { commits, repos, trees } = deps.pfs.deps;
  const planFromDiff = createDiffPlanner(deps);

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

  /** The job that wrote the output branch's head (when it ran this pipeline), and that head. */
  const parentOf = async (job: JobRecord, spec: PipelineSpec) => {
    const branch = await repos.findBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch);
    const producer = branch?.head ? await deps.jobs.jobProducing(branch.head) : null;
    return { baseCommitId: branch?.head ?? null, parent: producer?.pipelineId === job.pipelineId ? producer : null };
  };

  const reprocesses = (version: PipelineVersionRecord, spec: PipelineSpec, parent: JobRecord | null) =>
    spec.reprocessSpec === 'every_job' || (version.reprocess && parent?.pipelineVersionId !== version.id);

  /** The plan from every file of the inputs, against every datum of the parent. */
  const planFromScratch = async (job: JobRecord, spec: PipelineSpec, parent: JobRecord | null, reprocess: boolean): Promise<Plan> => {
    const files = await listInputs(job);
    const commitIds = new Map(job.inputs.map((i) => [branchKey(i.project, i.repo, i.branch), i.commitId ?? undefined]));
    const keyOf = (ref: InputRepoRef) => branchKey(ref.project, ref.repo, ref.branch);
    const datums = planDatums(spec.input, (ref): readonly FileEntry[] => files.get(keyOf(ref)) ?? [], {
      specHash: datumSpecHash(spec),
      salt: spec.salt,
      commitOf: (ref) => commitIds.get(keyOf(ref)),
    });
    if (parent) await deps.jobs.carryForward(parent.id);
    const parentDatums: ParentDatum[] = parent ? await deps.datums.carriedDatums(parent.id) : [];
    const split = partitionDatums(datums, parentDatums, { reprocess });
    return { total: datums.length, run: split.run, skip: split.skip, removed: split.removed, how: 'full' };
  };

  /** Plans the job and records the plan (created → running); what is left to do once the lease is released. */
  const plan = async (job: JobRecord): Promise<StartedJob | undefined> => {
    const version = await deps.pipelines.getVersion(job.pipelineVersionId);
    const spec = JSON.parse(version.spec) as PipelineSpec;
    const { baseCommitId, parent } = await parentOf(job, spec);
    const reprocess = reprocesses(version, spec, parent);
    const fromDiff = parent && !reprocess ? await planFromDiff(job, spec, parent) : null;
    const made: Plan = fromDiff ? { ...fromDiff, how: 'diff' } : await planFromScratch(job, spec, parent, reprocess);
    const batches = cutBatches(made.run.map(toPlanned), datumBatchSize(made.run.length, spec.parallelismSpec.constant));
    const writes = [
      ...batches.map((datums, n) => () => artifacts.putBatch(job.id, n, datums)),
      () => artifacts.putCarry(job.id, { parentJobId: parent?.id ?? null, baseCommitId, removed: made.removed }),
    ];
    await inBatches(writes, WRITE_CONCURRENCY);
    const started = await deps.jobs.startJob(job.id, {
      total: made.total,
      batches: batches.length,
      parentJobId: parent?.id ?? null,
      skipped: made.skip.map((d) => ({ datumKey: d.datumKey, hash: d.hash, sourceJobId: d.sourceJobId, resultsKey: d.resultsKey ?? null, batch: d.batch ?? null })),
      ...(made.carry ? { carry: made.carry } : {}),
    });
    if (!started) return undefined;
    log.info({ jobId: job.id, how: made.how, datums: made.total, run: made.run.length, skipped: started.counts.skipped, removed: made.removed.length, batches: batches.length }, 'job planned');
    return { spec, batches: batches.length, carry: made.carry !== undefined };
  };

  /**
   * Plans a created job, unless an earlier job of its pipeline has not ended (it then waits
   * its turn). The datums are queued (or the finish asked for) and the carry made once the
   * lease is released, so that no finisher finds it held: a job whose plan was recorded but
   * whose batches were never queued is running with datums to do, and the reconciler queues them.
   */
  return async function planJob(jobId: string): Promise<PlanOutcome> {
    const seen = await deps.jobs.findJob(jobId);
    if (!seen || seen.state !== 'created') return 'not-needed';
    if (await deps.jobs.blockingJob(seen)) return 'waiting';
    const holder = randomUUID();
    // The job as the lease finds it: another planner may have planned it in between.
    const job = await deps.jobs.leaseJob(jobId, holder, PLAN_LEASE_MS);
    if (!job) return 'not-needed';
    let started: StartedJob | undefined;
    try {
      started = job.state === 'created' ? await plan(job) : undefined;
    } finally {
      await deps.jobs.releaseLease(jobId, holder);
    }
    if (!started) return 'not-needed';
    const { spec, batches } = started;
    if (spec.jobTimeout) await deps.scheduler.expireJob(jobId, spec.jobTimeout);
    if (batches > 0) await deps.scheduler.runDatumBatches({ jobId, batches, attempts: spec.datumTries, backoffMs: DATUM_RETRY_BACKOFF_MS });
    else await deps.scheduler.finishJob(jobId);
    // While the datums run (they are counted already). The finisher makes the carry too, and
    // so does whoever reads the carried datums first, if this planner died before it did.
    if (started.carry) await deps.jobs.carryForward(jobId);
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
