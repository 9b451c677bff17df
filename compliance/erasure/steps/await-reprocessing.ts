/**
 * Step (c): the pipelines downstream of the deletion commits rerun on their commit sets. The
 * existing incremental jobs reprocess only the datums whose inputs changed (a removed record's
 * datum is dropped, a datum over a whole directory reruns), and a training pipeline records a
 * new model version. This step makes sure each deletion commit was handed to the pipelines
 * (idempotent: a job is keyed by pipeline version and commit set) and waits until every
 * pipeline downstream has a finished job on it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError } from '../../../core/errors.js';
import { repoId } from '../../../graph-schema/pfs/index.js';
import type { JobRecord, PipelineRecord } from '../../../graph-schema/pipelines/index.js';
import { TERMINAL_JOB_STATES } from '../../../graph-schema/pipelines/index.js';
import type { PipelineService } from '../../../pipelines/service/index.js';
import { inputRepos } from '../../../pipelines/spec/input-repos.js';
import type { PipelineSpec } from '../../../pipelines/spec/spec-types.js';
import type { ErasureContext } from '../erasure-context.js';
import type { ErasureExecution, ErasureRecord } from '../erasure-types.js';

type ReprocessedJob = ErasureExecution['reprocessedJobs'][number];

const POLL_MS = 250;

export interface ReprocessOptions {
  /** How long to wait for the downstream jobs (default 2 hours). */
  timeoutMs?: number;
}

export async function awaitReprocessing(ctx: ErasureContext, record: ErasureRecord, opts: ReprocessOptions = {}): Promise<ReprocessedJob[]> {
  const commits = record.execution.deletionCommits;
  if (commits.length === 0) return [];
  const svc = ctx.deps.pipelines;
  if (!svc) throw new FailedPreconditionError('executing an erasure needs the pipeline service (run it in the workers)');
  for (const c of commits) await svc.commitFinished(c.commitId);

  const pipelines = await svc.listPipelines();
  const expected = new Map<string, string[]>();
  for (const c of commits) {
    const commit = await ctx.deps.pfs.inspectCommit(c.commitId);
    expected.set(c.commitSet, downstreamOf(pipelines, c.repoId, c.branch, commit.finishedAt ?? commit.createdAt));
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 2 * 3_600_000);
  for (;;) {
    const { jobs, pending } = await jobsOfCommitSets(svc, expected);
    if (pending.length === 0) return jobs.map(toReprocessedJob);
    if (Date.now() > deadline) {
      throw new FailedPreconditionError(
        `downstream pipelines have not finished on the deletion commits after ${Math.round((opts.timeoutMs ?? 0) / 1000)} s: ${pending.join(', ')}; execute the erasure again to resume once they have`,
        { pending },
      );
    }
    await sleep(POLL_MS);
  }
}

/** The pipelines a commit on (repo, branch) starts, and every pipeline downstream of them. */
export function downstreamOf(pipelines: readonly PipelineRecord[], repo: string, branch: string, committedAt: string): string[] {
  const found = new Set<string>();
  const frontier = [{ repo, branch }];
  let direct = true;
  while (frontier.length > 0) {
    const from = frontier.shift()!;
    for (const p of pipelines) {
      if (found.has(p.id) || !p.current.inputRepoIds.includes(from.repo)) continue;
      const spec = specOrNull(p);
      if (!spec || !inputRepos(spec).some((i) => repoId(i.project, i.repo) === from.repo && i.branch === from.branch)) continue;
      // A version made after the commit read it in its own first job, not on this commit set.
      if (direct && p.current.createdAt > committedAt) continue;
      found.add(p.id);
      frontier.push({ repo: p.current.outputRepoId, branch: spec.outputBranch });
    }
    direct = false;
  }
  return [...found].sort();
}

function specOrNull(p: PipelineRecord): PipelineSpec | null {
  try {
    const spec = JSON.parse(p.current.spec) as PipelineSpec;
    return spec.input ? spec : null;
  } catch {
    return null;
  }
}

async function jobsOfCommitSets(svc: PipelineService, expected: Map<string, string[]>) {
  const jobs: JobRecord[] = [];
  const pending: string[] = [];
  for (const [commitSet, pipelineIds] of expected) {
    const inSet = await svc.listJobs({ commitSet, limit: 1_000 });
    jobs.push(...inSet);
    for (const pipelineId of pipelineIds) {
      const job = inSet.find((j) => j.pipelineId === pipelineId);
      if (!job || !TERMINAL_JOB_STATES.includes(job.state)) pending.push(`${pipelineId} (${job ? `job ${job.id} ${job.state}` : 'no job yet'})`);
    }
  }
  return { jobs, pending };
}

function toReprocessedJob(j: JobRecord): ReprocessedJob {
  return { jobId: j.id, pipelineId: j.pipelineId, state: j.state, processed: j.counts.processed, skipped: j.counts.skipped, total: j.counts.total };
}
