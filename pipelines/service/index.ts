// Running pipelines: the service the API and CLI call, the core the workers share, the scheduler port.
export { createPipelineService, type DatumInfo, type JobListFilter, type PipelineInfo, type PipelineService } from './pipeline-service.js';
export { createPipelineCore, type PipelineCore } from './pipeline-core.js';
export type { PipelineDeps } from './pipeline-deps.js';
export type { CronTick, DatumBatchRequest, JobScheduler } from './job-scheduler.js';
export type { CreatePipelineOptions, CreatePipelineResult, PipelineSpecInput } from './create-pipeline.js';
export type { DeletePipelineResult } from './delete-pipeline.js';
export type { DryRunDatum } from './dry-run-datums.js';
export type { DatumAttemptLog, DatumLogLine, DatumOutputRecord, DatumOutputsRef, DatumResultEntry, DatumResultsPack, JobArtifacts, PlannedDatum, PlannedDatumInput } from './job-artifacts.js';
export type { ReconcileOptions, ReconcileReport } from './reconcile-pipelines.js';
export { cronInputs } from './cron-ticker.js';
export { DATUM_RETRY_BACKOFF_MS } from './plan-job.js';
