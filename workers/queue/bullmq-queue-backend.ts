/**
 * The work queue on Redis with BullMQ. One ioredis connection is shared by the queues; each
 * worker and event listener gets its own (BullMQ blocks on them).
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { UnavailableError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { FinalError, type ConsumeOptions, type EnqueueOptions, type QueueBackend, type WorkConsumer, type WorkHandler, type WorkQueue } from './work-queue.js';

export interface BullmqConfig {
  url: string;
  queuePrefix: string;
}

export function createBullmqQueueBackend(config: BullmqConfig, logger: Logger = silentLogger): QueueBackend {
  const log = logger.child({ component: 'queue' });
  const connections: Redis[] = [];
  const connect = (forWorker: boolean): Redis => {
    // Reconnects forever; on the shared connection a command fails after two reconnection
    // attempts, so a down Redis is reported instead of waited on. BullMQ's blocking ones wait.
    const conn = new Redis(config.url, {
      maxRetriesPerRequest: forWorker ? null : 2,
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    conn.on('error', (err) => log.debug({ err: err.message }, 'redis connection error'));
    connections.push(conn);
    return conn;
  };
  const shared = connect(false);
  const queues = new Map<string, WorkQueue<never, never>>();
  const closers: (() => Promise<void>)[] = [];

  const backend: QueueBackend = {
    namespace: config.queuePrefix,
    queue<T, R>(name: string): WorkQueue<T, R> {
      const existing = queues.get(name);
      if (existing) return existing as unknown as WorkQueue<T, R>;
      const q = bullmqWorkQueue<T, R>(name, config.queuePrefix, shared, () => connect(true), closers);
      queues.set(name, q as unknown as WorkQueue<never, never>);
      return q;
    },
    consume<T, R>(name: string, handler: WorkHandler<T, R>, opts: ConsumeOptions = {}): WorkConsumer {
      const worker = new Worker<T, R>(
        name,
        async (job: Job<T, R>) => {
          try {
            return await handler({
              id: job.id ?? '',
              name: job.name,
              data: job.data,
              attempt: job.attemptsMade + 1,
              progress: (value) => job.updateProgress(value),
            });
          } catch (err) {
            if (err instanceof FinalError) throw new UnrecoverableError(err.message);
            throw err;
          }
        },
        { connection: connect(true), prefix: config.queuePrefix, concurrency: opts.concurrency ?? 1, lockDuration: opts.lockMs ?? 30_000, stalledInterval: opts.stalledIntervalMs ?? 30_000, autorun: true },
      );
      worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
      return { close: () => worker.close() };
    },
    async ping() {
      try {
        const pong = await shared.ping();
        if (pong !== 'PONG') throw new Error(`unexpected answer ${pong}`);
        const info = await shared.info('server');
        return { version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
      } catch (err) {
        throw new UnavailableError(`Redis is not answering at ${config.url}: start it with \`npm run stack:up\` (or set REDIS_URL)`, { service: 'redis', url: config.url }, { cause: err });
      }
    },
    async close() {
      for (const close of closers.splice(0)) await close();
      await Promise.all(connections.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
  return backend;
}

function bullmqWorkQueue<T, R>(name: string, prefix: string, connection: Redis, connectBlocking: () => Redis, closers: (() => Promise<void>)[]): WorkQueue<T, R> {
  const queue = new Queue<T, R>(name, { connection, prefix });
  let events: QueueEvents | undefined;
  closers.push(async () => {
    await events?.close();
    await queue.close();
  });
  const jobOptions = (opts: EnqueueOptions = {}) => ({
    jobId: opts.jobId,
    attempts: opts.attempts ?? 1,
    backoff: opts.backoffMs ? { type: 'exponential', delay: opts.backoffMs } : undefined,
    delay: opts.delayMs,
    priority: opts.priority,
    removeOnComplete: opts.removeOnComplete ? true : { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  return {
    name,
    async add(jobName, data, opts) {
      // BullMQ's generic name types are stricter than this port needs.
      const job = await (queue as unknown as Queue).add(jobName, data, jobOptions(opts));
      return job.id ?? '';
    },
    async addBulk(items) {
      const jobs = await (queue as unknown as Queue).addBulk(items.map((i) => ({ name: i.name, data: i.data, opts: jobOptions(i.opts) })));
      return jobs.map((j) => j.id ?? '');
    },
    async waitFor(jobId, timeoutMs) {
      events ??= new QueueEvents(name, { connection: connectBlocking(), prefix });
      await events.waitUntilReady();
      const job = await queue.getJob(jobId);
      if (!job) throw new Error(`job ${jobId} is not in queue ${name}`);
      return (await job.waitUntilFinished(events, timeoutMs)) as R;
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 };
    },
    obliterate: () => queue.obliterate({ force: true }),
    close: async () => {
      await events?.close();
      await queue.close();
    },
  };
}
