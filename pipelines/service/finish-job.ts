/**
 * Finishing a job once every datum is done: the outputs of the datums that ran are merged
 * with those carried forward from the parent job (removed and changed datums' outputs
 * leave), into one output commit with the input commits as provenance. Then the output
 * file versions are linked to the commit, the model version recorded, and the job succeeds.
 * A failed datum or two datums writing one path fail the job instead.
 */
import { randomUUID } from 'node:crypto';
import { isStemmaError, type StemmaError } from '../../core/errors.js';
import { fileVersionId, repoId } from '../../graph-schema/pfs/index.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { JobRecord } from '../../graph-schema/pipelines/index.js';
import type { TreeChanges } from '../../pfs/tree-store.js';
import { mergeDatumOutputs, outputConflict, type DatumOutputs } from '../execution/merge-datum-outputs.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { DatumOutputsRef, JobArtifacts, JobCarry } from './job-artifacts.js';
import type { JobLifecycle } from './job-lifecycle.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { prepareDecisions, recordDecisions, type PreparedDecisions } from './record-decisions.js';
import { recordModelVersion } from './record-model-version.js';

export const FINISH_LEASE_MS = 10 * 60_000;
const LISTED_FAILURES = 3;

export type FinishOutcome = 'finished' | 'failed' | 'not-ready' | 'not-needed';

export function createJobFinisher(deps: PipelineDeps, artifacts: JobArtifacts, lifecycle: JobLifecycle) {
  const { commits, trees, fileVersions } = deps.pfs.deps;

  /** Outputs of the datums that ran in this job and succeeded. */
  const producedOutputs = async (job: JobRecord): Promise<DatumOutputs[]> => {
    const refs: DatumOutputsRef[] = [];
    for (let after = ''; ; ) {
      const page = await deps.datums.listDatums(job.id, { states: ['success'], limit: 10_000, after });
      refs.push(...page.map((d) => ({ jobId: job.id, datumKey: d.datumKey, resultsKey: d.resultsKey })));
      if (page.length < 10_000) break;
      after = page[page.length - 1]!.datumKey;
    }
    return readOutputs(refs);
  };

  const readOutputs = async (refs: DatumOutputsRef[]): Promise<DatumOutputs[]> => {
    const found = await artifacts.readOutputs(refs);
    return refs.map((r) => ({ datumKey: r.datumKey, outputs: found.get(r.datumKey) ?? [] }));
  };

  /** A new path already in the parent's tree was written by a carried-forward datum: name it. */
  const assertUnclaimed = async (job: JobRecord, outputRepo: string, base: string | null, carry: JobCarry, unclaimed: string[], writers: Map<string, string>) => {
    for (const path of unclaimed) {
      const existing = await trees.lookup(base, path);
      if (!existing) continue;
      // The carried datums are needed to name the owner: make the plan's carry, if not made yet.
      await deps.jobs.carryForward(job.id);
      const owner = await deps.datums.skippedProducerOf(job.id, fileVersionId(outputRepo, path, existing.hash));
      throw outputConflict(path, owner ?? `of job ${carry.parentJobId}`, writers.get(path)!);
    }
  };

  const changesFor = async (job: JobRecord, outputRepo: string, carry: JobCarry): Promise<TreeChanges> => {
    const [removed, produced, base] = await Promise.all([
      readOutputs(carry.removed.map((d) => ({ jobId: d.sourceJobId, datumKey: d.datumKey, resultsKey: d.resultsKey ?? null }))),
      producedOutputs(job),
      carry.parentJobId && carry.baseCommitId ? commits.getCommit(carry.baseCommitId).then((c) => c.manifest) : Promise.resolve(null),
    ]);
    const merged = mergeDatumOutputs(produced, removed);
    if (!carry.parentJobId) return { ...merged.changes, deletes: [], deletePrefixes: ['/'] };
    await assertUnclaimed(job, outputRepo, base, carry, merged.unclaimed, merged.writers);
    return merged.changes;
  };

  /** The decisions the job wrote, checked before its output commit: a bad one fails the job. */
  const checkedDecisions = async (job: JobRecord, spec: PipelineSpec, puts: TreeChanges['puts']): Promise<PreparedDecisions> => {
    try {
      return await prepareDecisions(deps, spec, job, puts);
    } catch (err) {
      if (isStemmaError(err) && (err.code === 'INVALID_ARGUMENT' || err.code === 'FAILED_PRECONDITION')) throw new JobFailure(err);
      throw err;
    }
  };

  /** The job's output commit: the one an earlier attempt made, or a new one; the files it put; its decisions. */
  const outputCommit = async (job: JobRecord, spec: PipelineSpec, carry: JobCarry): Promise<{ commit: CommitRecord; puts: TreeChanges['puts']; decisions: PreparedDecisions }> => {
    const outputRepo = repoId(spec.pipeline.project, spec.pipeline.name);
    const description = `output of job ${job.id}`;
    const [changes, set, branch] = await Promise.all([
      changesFor(job, outputRepo, carry),
      commits.commitSet(job.commitSet),
      deps.pfs.deps.repos.findBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch),
    ]);
    const decisions = await checkedDecisions(job, spec, changes.puts);
    const made = set.find((c) => c.repoId === outputRepo && c.origin === 'pipeline' && c.description === description);
    if (!made && !branch) await deps.pfs.createBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch);
    const commit =
      made ??
      (await deps.pfs.commitChanges({ project: spec.pipeline.project, repo: spec.pipeline.name, branch: spec.outputBranch }, changes, carry.baseCommitId, {
        origin: 'pipeline',
        commitSet: job.commitSet,
        provenance: job.inputs.flatMap((i) => (i.commitId ? [i.commitId] : [])),
        description,
      }));
    return { commit, puts: changes.puts, decisions };
  };

  const failedDatumsMessage = async (job: JobRecord): Promise<string> => {
    const failed = await deps.datums.listDatums(job.id, { states: ['failed'], limit: LISTED_FAILURES });
    const listed = failed.map((d) => `${d.datumKey}: ${d.error ?? 'failed'}`).join('; ');
    return `${job.counts.failed} datum${job.counts.failed === 1 ? '' : 's'} failed (${listed}${job.counts.failed > failed.length ? '; ...' : ''})`;
  };

  const finish = async (job: JobRecord): Promise<FinishOutcome> => {
    if (job.counts.failed > 0) {
      await lifecycle.fail(job.id, await failedDatumsMessage(job));
      return 'failed';
    }
    // The plan's carry, if still to make, is made while the output commit is. A model's
    // training job waits for it (its training summary counts every datum); any other job
    // succeeds without waiting, and its untouched datums are listed as the carry goes on
    // (readers of a job's datums make the rest first, the reconciler a dead carrier's).
    const carried = deps.jobs.carryForward(job.id);
    carried.catch(() => undefined);
    const [version, carry] = await Promise.all([deps.pipelines.getVersion(job.pipelineVersionId), artifacts.getCarry(job.id)]);
    const spec = JSON.parse(version.spec) as PipelineSpec;
    let commit: CommitRecord;
    let puts: TreeChanges['puts'];
    let decisions: PreparedDecisions;
    try {
      ({ commit, puts, decisions } = await outputCommit(job, spec, carry));
    } catch (err) {
      const failure = err instanceof JobFailure ? err.cause : err;
      if (!(err instanceof JobFailure) && !(isStemmaError(err) && err.code === 'FAILED_PRECONDITION' && 'datums' in err.details)) throw err;
      await lifecycle.fail(job.id, (failure as Error).message);
      return 'failed';
    }
    const outputRepo = repoId(spec.pipeline.project, spec.pipeline.name);
    await Promise.all([
      fileVersions.recordFileVersions(commit.id, puts.map((e) => ({ repoId: outputRepo, path: e.path, hash: e.hash, size: e.size }))),
      deps.jobs.setOutputCommit(job.id, commit.id),
    ]);
    if (spec.model) {
      await carried;
      await recordModelVersion(deps, spec, job.id, commit);
    }
    await recordDecisions(deps, job, decisions);
    await lifecycle.succeed(job.id);
    await deps.scheduler.commitFinished(commit.id);
    await carried.catch((err: unknown) => deps.logger.warn({ err, jobId: job.id }, 'the carry of a finished job stopped; the next reader or the reconciler makes the rest'));
    return 'finished';
  };

  /** Finishes the job if every datum is done; safe to call any number of times. */
  return async function finishJob(jobId: string): Promise<FinishOutcome> {
    const holder = randomUUID();
    const job = await deps.jobs.leaseJob(jobId, holder, FINISH_LEASE_MS);
    if (!job) return 'not-needed';
    try {
      if (job.state !== 'running' && job.state !== 'finishing') return 'not-needed';
      const c = job.counts;
      if (c.processed + c.skipped + c.failed + c.recovered < c.total) return 'not-ready';
      const finishing = job.state === 'finishing' ? job : ((await deps.jobs.transition(jobId, ['running'], 'finishing')) ?? (await deps.jobs.findJob(jobId)));
      if (finishing?.state !== 'finishing') return 'not-needed';
      return await finish(finishing);
    } finally {
      await deps.jobs.releaseLease(jobId, holder);
    }
  };
}

/** What fails the job rather than the finish (which is retried): the error that says why. */
class JobFailure extends Error {
  constructor(override readonly cause: StemmaError) {
    super(cause.message);
  }
}
