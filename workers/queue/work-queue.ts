/**
 * The work-queue port: durable queues of named jobs, consumed by workers with retries.
 * No connection or SDK type crosses it; the adapter owns its connection.
 */

export interface EnqueueOptions {
  /** Idempotency key: adding a job whose id is already queued (or kept, once completed) does nothing. */
  jobId?: string;
  /**
   * Drop the entry as soon as it completes, so that a later add with the same id queues
   * again (default: completed entries are kept for a day, and block their id meanwhile).
   */
  removeOnComplete?: boolean;
  /** Attempts in all, including the first (default 1). */
  attempts?: number;
  /** Base delay of exponential backoff between attempts, in ms. */
  backoffMs?: number;
  delayMs?: number;
  priority?: number;
}

export interface WorkItem<T> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first attempt. */
  attempt: number;
  /** Reports progress (0-100 or any JSON) to those watching the job. */
  progress(value: number | Record<string, unknown>): Promise<void>;
}

export type WorkHandler<T, R> = (item: WorkItem<T>) => Promise<R>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface WorkQueue<T = unknown, R = unknown> {
  readonly name: string;
  add(name: string, data: T, opts?: EnqueueOptions): Promise<string>;
  addBulk(items: { name: string; data: T; opts?: EnqueueOptions }[]): Promise<string[]>;
  /** Waits until the job finished; resolves its result or rejects with its failure. */
  waitFor(jobId: string, timeoutMs: number): Promise<R>;
  counts(): Promise<QueueCounts>;
  /** Removes every job of the queue (tests, and deleting a pipeline). */
  obliterate(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkConsumer {
  close(): Promise<void>;
}

export interface ConsumeOptions {
  concurrency?: number;
  /** How long a job stays claimed without its worker renewing the claim (renewed every half of it). */
  lockMs?: number;
  /** How often claims are checked: a job whose worker died goes back to the queue within `lockMs` plus this. */
  stalledIntervalMs?: number;
}

export interface QueueBackend {
  /** The namespace the queues live in (BullMQ's prefix): deployments sharing a Redis keep apart by it. */
  readonly namespace: string;
  queue<T, R = unknown>(name: string): WorkQueue<T, R>;
  consume<T, R>(name: string, handler: WorkHandler<T, R>, opts?: ConsumeOptions): WorkConsumer;
  /** Answers PING and reports the server's version. */
  ping(): Promise<{ version: string }>;
  close(): Promise<void>;
}

/** A failure that can never succeed: the job fails at once, without further attempts. */
export class FinalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FinalError';
  }
}
