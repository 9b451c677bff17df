/**
 * The pipeline domain's working parts, built once from the dependencies and shared by the
 * service (API, CLI) and the worker processors, so both start, plan and end jobs the same way.
 */
import { createCronTicker, type CronTicker } from './cron-ticker.js';
import { createJobFinisher, type FinishOutcome } from './finish-job.js';
import { createJobArtifacts, type JobArtifacts } from './job-artifacts.js';
import { createJobLifecycle, type JobLifecycle } from './job-lifecycle.js';
import { createJobTrigger, type JobTrigger } from './job-trigger.js';
import { createJobPlanner, type PlanOutcome } from './plan-job.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { createReconciler, type ReconcileOptions, type ReconcileReport } from './reconcile-pipelines.js';

export interface PipelineCore {
  deps: PipelineDeps;
  trigger: JobTrigger;
  cron: CronTicker;
  lifecycle: JobLifecycle;
  artifacts: JobArtifacts;
  planJob(jobId: string): Promise<PlanOutcome>;
  finishJob(jobId: string): Promise<FinishOutcome>;
  reconcile(opts?: ReconcileOptions): Promise<ReconcileReport>;
}

export function createPipelineCore(deps: PipelineDeps): PipelineCore {
  const trigger = createJobTrigger(deps);
  const cron = createCronTicker(deps);
  const lifecycle = createJobLifecycle(deps, trigger);
  const artifacts = createJobArtifacts(deps.objects);
  return {
    deps,
    trigger,
    cron,
    lifecycle,
    artifacts,
    planJob: createJobPlanner(deps, artifacts),
    finishJob: createJobFinisher(deps, artifacts, lifecycle),
    reconcile: createReconciler(deps, trigger, cron),
  };
}
