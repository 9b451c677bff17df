/**
 * Deleting a pipeline, as Pachyderm does: refused while another pipeline reads its output;
 * its unfinished jobs are killed, it stops being current (its versions, jobs and datums stay
 * for lineage), and its output repo and cron repos go unless `keepRepo`.
 */
import { FailedPreconditionError } from '../../core/errors.js';
import { consumersOf } from '../execution/pipeline-dag.js';
import { cronInputs } from './cron-ticker.js';
import type { JobLifecycle } from './job-lifecycle.js';
import { specOf, toDag } from './job-trigger.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface DeletePipelineResult {
  pipeline: string;
  killedJobs: string[];
  deletedRepos: string[];
}

export function createPipelineDeleter(deps: PipelineDeps, lifecycle: JobLifecycle) {
  return async function deletePipeline(project: string, name: string, opts: { keepRepo?: boolean } = {}): Promise<DeletePipelineResult> {
    const pipeline = await deps.pipelines.getPipeline(project, name);
    const all = await deps.pipelines.listPipelines();
    const readers = consumersOf(toDag(all), pipeline.current.outputRepoId).filter((p) => p.id !== pipeline.id);
    if (readers.length > 0) {
      const names = readers.map((r) => r.id).join(', ');
      throw new FailedPreconditionError(`pipeline ${pipeline.id} feeds ${names}: delete ${readers.length > 1 ? 'them' : 'it'} first`, { pipelines: readers.map((r) => r.id) });
    }
    const active = await deps.jobs.listJobs({ pipelineId: pipeline.id, states: ['created', 'running', 'finishing'], limit: 10_000 });
    const killedJobs: string[] = [];
    for (const job of active) if (await lifecycle.kill(job.id, `pipeline ${pipeline.id} was deleted`)) killedJobs.push(job.id);
    await deps.pipelines.markDeleted(project, name);
    const deletedRepos: string[] = [];
    if (!opts.keepRepo) {
      const repos = [{ project, repo: name }, ...cronInputs(specOf(pipeline).input).map((c) => ({ project: c.project, repo: c.repo }))];
      for (const r of repos) {
        await deps.pfs.deleteRepo(r.project, r.repo, { force: true }).then(
          () => deletedRepos.push(`${r.project}/${r.repo}`),
          (err: unknown) => deps.logger.warn({ err, repo: r }, 'could not delete a repo of a deleted pipeline'),
        );
      }
    }
    deps.logger.info({ pipeline: pipeline.id, killedJobs: killedJobs.length, deletedRepos }, 'pipeline deleted');
    return { pipeline: pipeline.id, killedJobs, deletedRepos };
  };
}
