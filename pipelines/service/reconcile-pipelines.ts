/**
 * Repairs what a crash between two durable steps could lose: a commit whose trigger was
 * never queued, a job created but never planned, a job whose datums are all done but that
 * was never finished, a plan's carry never made, a cron input whose next tick was never scheduled. Every step it takes
 * is idempotent, so running it at any time (each worker does at start) is safe. It touches
 * only the pipelines and jobs of its own queue namespace (`scheduler.scope`): deployments
 * that share a graph never resume each other's work.
 */
import type { JobRecord, PipelineRecord } from '../../graph-schema/pipelines/index.js';
import { inputRepos } from '../spec/input-repos.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import { DATUM_RETRY_BACKOFF_MS } from './plan-job.js';
import type { CronTicker } from './cron-ticker.js';
import { specOf, type JobTrigger, type PipelineSnapshot } from './job-trigger.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface ReconcileOptions {
  /** Only pipelines and jobs of these projects (all when absent). */
  projects?: string[];
}

export interface ReconcileReport {
  jobsCreated: number;
  jobsResumed: number;
}

const RESUME_WINDOW_MS = 60_000;

export function createReconciler(deps: PipelineDeps, trigger: JobTrigger, cron: CronTicker) {
  const log = deps.logger.child({ component: 'reconcile' });

  const allDone = (job: JobRecord) => {
    const c = job.counts;
    return c.processed + c.skipped + c.failed + c.recovered >= c.total;
  };

  /** Queues a running job's batches again: those still queued are not added twice, and done datums are skipped. */
  const requeueBatches = async (job: JobRecord) => {
    const spec = JSON.parse((await deps.pipelines.getVersion(job.pipelineVersionId)).spec) as PipelineSpec;
    await deps.scheduler.runDatumBatches({ jobId: job.id, batches: job.batches, attempts: spec.datumTries, backoffMs: DATUM_RETRY_BACKOFF_MS });
  };

  /** Schedules the pipeline's cron ticks and starts the jobs its input heads lack; returns how many it started. */
  const reconcilePipeline = async (pipeline: PipelineRecord, snap: PipelineSnapshot): Promise<number> => {
    const version = pipeline.current;
    await cron.scheduleVersion(version);
    if ((await deps.jobs.countJobsOfVersion(version.id)) === 0) return (await trigger.startVersion(pipeline)) ? 1 : 0;
    const heads: { id: string; commitSet: string }[] = [];
    for (const ref of inputRepos(specOf(pipeline))) {
      const branch = await deps.pfs.deps.repos.findBranch(ref.project, ref.repo, ref.branch);
      const head = branch?.head ? await deps.pfs.deps.commits.findCommit(branch.head) : null;
      if (head) heads.push(head);
    }
    const unread = new Set(await deps.jobs.unreadCommits(version.id, heads.map((h) => h.id)));
    let created = 0;
    for (const head of heads.filter((h) => unread.has(h.id))) {
      if (await trigger.triggerJob(pipeline, head.commitSet, snap)) created++;
    }
    return created;
  };

  return async function reconcile(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
    const scope = deps.scheduler.scope;
    const inScope = (pipeline: PipelineRecord) => pipeline.queue === scope && (!opts.projects || opts.projects.includes(pipeline.project));
    const snap = await trigger.snapshot();
    let jobsCreated = 0;
    for (const pipeline of snap.records.filter(inScope)) {
      try {
        jobsCreated += await reconcilePipeline(pipeline, snap);
      } catch (err) {
        log.warn({ err, pipeline: pipeline.id }, 'could not reconcile a pipeline');
      }
    }
    const active = await deps.jobs.listJobs({ states: ['created', 'running', 'finishing'], projects: opts.projects, queue: scope, limit: 10_000 });
    const reason = `reconcile-${Math.floor(Date.now() / RESUME_WINDOW_MS)}`;
    for (const job of active) {
      if (job.state === 'created') await deps.scheduler.planJob(job.id, reason);
      else if (job.state === 'finishing' || allDone(job)) await deps.scheduler.finishJob(job.id, reason);
      else await requeueBatches(job);
    }
    // Carries a dead planner left unmade (the next job's planner would make them too).
    for (const job of await deps.jobs.listJobs({ carryPending: true, projects: opts.projects, queue: scope, limit: 1_000 })) await deps.jobs.carryForward(job.id);
    if (jobsCreated > 0 || active.length > 0) log.info({ jobsCreated, jobsResumed: active.length }, 'pipelines reconciled');
    return { jobsCreated, jobsResumed: active.length };
  };
}
