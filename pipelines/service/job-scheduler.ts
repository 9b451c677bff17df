/**
 * The scheduler port: how the pipeline domain asks for work to be done later, by some
 * worker, durably. The queue adapter (workers/pipelines) implements it; every request
 * carries an idempotency key, so asking twice does the work once.
 */

/** One tick of a cron input: commit the time file at `at`, then schedule the next. */
export interface CronTick {
  pipelineVersionId: string;
  /** The cron input's name. */
  input: string;
  /** ISO time of the tick. */
  at: string;
}

export interface DatumBatchRequest {
  jobId: string;
  batches: number;
  /** Attempts per batch (the spec's `datumTries`). */
  attempts: number;
  backoffMs: number;
}

export interface JobScheduler {
  /**
   * The namespace this scheduler's requests are queued in. Jobs and pipelines record it, so
   * that the workers of one deployment resume only their own (deployments may share a graph).
   */
  readonly scope: string;
  /** Starts the jobs downstream of a finished commit. */
  commitFinished(commitId: string): Promise<void>;
  /** Plans a job and queues its datums, or lets it wait for the pipeline's earlier job. `reason` distinguishes a later request from an earlier one. */
  planJob(jobId: string, reason?: string): Promise<void>;
  /** Queues the datum batches the plan cut. */
  runDatumBatches(request: DatumBatchRequest): Promise<void>;
  /** Merges a job's outputs into its output commit once every datum is done. */
  finishJob(jobId: string, reason?: string): Promise<void>;
  /** Fails the job if it is still running after `delayMs`. */
  expireJob(jobId: string, delayMs: number): Promise<void>;
  scheduleCronTick(tick: CronTick): Promise<void>;
}
