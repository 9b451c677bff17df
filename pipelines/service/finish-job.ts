/**
 * Finishing a job once every datum is done: the outputs of the datums that ran are merged
 * with those carried forward from the parent job (removed and changed datums' outputs
 * leave), into one output commit with the input commits as provenance. Then the output
 * file versions are linked to the commit, the model version recorded, and the job succeeds.
 * A failed datum or two datums writing one path fail the job instead.
 */
import { randomUUID } from 'node:crypto';
import { isStemmaError } from '../../core/errors.js';
import { fileVersionId, repoId } from '../../graph-schema/pfs/index.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { JobRecord } from '../../graph-schema/pipelines/index.js';
import type { TreeChanges } from '../../pfs/tree-store.js';
import { mergeDatumOutputs, outputConflict, type DatumOutputs } from '../execution/merge-datum-outputs.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { JobArtifacts, JobCarry } from './job-artifacts.js';
import type { JobLifecycle } from './job-lifecycle.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { recordModelVersion } from './record-model-version.js';

export const FINISH_LEASE_MS = 10 * 60_000;
const READ_CONCURRENCY = 32;
const LISTED_FAILURES = 3;

export type FinishOutcome = 'finished' | 'failed' | 'not-ready' | 'not-needed';

export function createJobFinisher(deps: PipelineDeps, artifacts: JobArtifacts, lifecycle: JobLifecycle) {
  const { commits, trees, fileVersions } = deps.pfs.deps;

  /** Outputs of the datums that ran in this job and succeeded. */
  const producedOutputs = async (job: JobRecord): Promise<DatumOutputs[]> => {
    const keys: string[] = [];
    for (let after = ''; ; ) {
      const page = await deps.datums.listDatums(job.id, { states: ['success'], limit: 10_000, after });
      keys.push(...page.map((d) => d.datumKey));
      if (page.length < 10_000) break;
      after = page[page.length - 1]!.datumKey;
    }
    return readOutputs(keys.map((key) => ({ jobId: job.id, key })));
  };

  const readOutputs = async (refs: { jobId: string; key: string }[]): Promise<DatumOutputs[]> => {
    const out: DatumOutputs[] = [];
    for (let i = 0; i < refs.length; i += READ_CONCURRENCY) {
      const records = await Promise.all(refs.slice(i, i + READ_CONCURRENCY).map((r) => artifacts.findOutputs(r.jobId, r.key)));
      records.forEach((rec, j) => out.push({ datumKey: refs[i + j]!.key, outputs: rec?.outputs ?? [] }));
    }
    return out;
  };

  /** A new path already in the parent's tree was written by a carried-forward datum: name it. */
  const assertUnclaimed = async (outputRepo: string, base: string | null, carry: JobCarry, unclaimed: string[], writers: Map<string, string>) => {
    for (const path of unclaimed) {
      const existing = await trees.lookup(base, path);
      if (!existing) continue;
      const owners = await deps.datums.producersOf(fileVersionId(outputRepo, path, existing.hash), carry.skippedSourceJobs);
      throw outputConflict(path, owners[0] ?? `of job ${carry.parentJobId}`, writers.get(path)!);
    }
  };

  const changesFor = async (job: JobRecord, outputRepo: string, carry: JobCarry): Promise<TreeChanges> => {
    const removed = await readOutputs(carry.removed.map((d) => ({ jobId: d.sourceJobId, key: d.datumKey })));
    const merged = mergeDatumOutputs(await producedOutputs(job), removed);
    if (!carry.parentJobId) return { ...merged.changes, deletes: [], deletePrefixes: ['/'] };
    const base = carry.baseCommitId ? (await commits.getCommit(carry.baseCommitId)).manifest : null;
    await assertUnclaimed(outputRepo, base, carry, merged.unclaimed, merged.writers);
    return merged.changes;
  };

  /** The job's output commit: the one an earlier attempt made, or a new one. */
  const outputCommit = async (job: JobRecord, spec: PipelineSpec, carry: JobCarry): Promise<CommitRecord> => {
    const outputRepo = repoId(spec.pipeline.project, spec.pipeline.name);
    const description = `output of job ${job.id}`;
    const changes = await changesFor(job, outputRepo, carry);
    const made = (await commits.commitSet(job.commitSet)).find((c) => c.repoId === outputRepo && c.origin === 'pipeline' && c.description === description);
    if (!made && !(await deps.pfs.deps.repos.findBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch))) {
      await deps.pfs.createBranch(spec.pipeline.project, spec.pipeline.name, spec.outputBranch);
    }
    const commit =
      made ??
      (await deps.pfs.commitChanges({ project: spec.pipeline.project, repo: spec.pipeline.name, branch: spec.outputBranch }, changes, carry.baseCommitId, {
        origin: 'pipeline',
        commitSet: job.commitSet,
        provenance: job.inputs.flatMap((i) => (i.commitId ? [i.commitId] : [])),
        description,
      }));
    await fileVersions.recordFileVersions(
      commit.id,
      changes.puts.map((e) => ({ repoId: outputRepo, path: e.path, hash: e.hash, size: e.size })),
    );
    return commit;
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
    const spec = JSON.parse((await deps.pipelines.getVersion(job.pipelineVersionId)).spec) as PipelineSpec;
    let commit: CommitRecord;
    try {
      commit = await outputCommit(job, spec, await artifacts.getCarry(job.id));
    } catch (err) {
      if (!isStemmaError(err) || err.code !== 'FAILED_PRECONDITION' || !('datums' in err.details)) throw err;
      await lifecycle.fail(job.id, err.message);
      return 'failed';
    }
    await deps.jobs.setOutputCommit(job.id, commit.id);
    if (spec.model) await recordModelVersion(deps, spec, job.id, commit);
    await lifecycle.succeed(job.id);
    await deps.scheduler.commitFinished(commit.id);
    return 'finished';
  };

  /** Finishes the job if every datum is done; safe to call any number of times. */
  return async function finishJob(jobId: string): Promise<FinishOutcome> {
    const job = await deps.jobs.findJob(jobId);
    if (!job || (job.state !== 'running' && job.state !== 'finishing')) return 'not-needed';
    const c = job.counts;
    if (c.processed + c.skipped + c.failed + c.recovered < c.total) return 'not-ready';
    const holder = randomUUID();
    if (!(await deps.jobs.acquireLease(jobId, holder, FINISH_LEASE_MS))) return 'not-needed';
    try {
      const finishing = (await deps.jobs.transition(jobId, ['running'], 'finishing')) ?? (await deps.jobs.findJob(jobId));
      if (finishing?.state !== 'finishing') return 'not-needed';
      return await finish(finishing);
    } finally {
      await deps.jobs.releaseLease(jobId, holder);
    }
  };
}
