/**
 * Erasures on a runtime: the service the API and the CLI call, and, in a worker process, the
 * consumer of the `stemma-compliance` queue that executes them (resuming, at start, every
 * request a crash left in `executing`).
 */
import { dirname, join, resolve } from 'node:path';
import { FailedPreconditionError } from '../../core/errors.js';
import { createAuditLog, type AuditLog } from '../../compliance/audit/index.js';
import { createErasureService, createErasureWorkerProcessor, ERASURE_QUEUE, type ErasureQueue, type ErasureService, type ErasureWorkData } from '../../compliance/erasure/index.js';
import { createLocalKeyManagementService } from '../../compliance/keys/index.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import type { PipelineService } from '../../pipelines/service/index.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import type { QueueBackend } from '../queue/work-queue.js';

export interface ErasureEngineOptions {
  /** Where execution waits on downstream jobs (needed by `startWorkers`). */
  pipelines?: PipelineService;
  /** The audit log steps append to (default the main chain on the runtime's graph). */
  audit?: AuditLog;
  /** Where certificates are also written on disk (default `.stemma/certificates` beside a local object store; none for S3). */
  certificateDir?: string | null;
}

export interface ErasureWorkers {
  close(): Promise<void>;
}

export interface ErasureWorkerOptions {
  /** Requests run at once in this process (default 2). */
  concurrency?: number;
  /** Claim duration of a queue entry, and how often claims are checked (see the queue's ConsumeOptions). */
  lockMs?: number;
  stalledIntervalMs?: number;
  /** Lease on a request while a worker runs it (default 30 s): a dead worker's request is taken over after it. */
  leaseMs?: number;
  /** How long the reprocessing step waits for downstream jobs (default 2 hours). */
  reprocessTimeoutMs?: number;
}

export interface ErasureEngine {
  service: ErasureService;
  /** Consumes the erasure queue in this process, and resumes requests left executing. */
  startWorkers(opts?: ErasureWorkerOptions): Promise<ErasureWorkers>;
}

/** The local directory certificates go to for a runtime, or null when the object store is S3. */
export function defaultCertificateDir(runtime: Pick<Runtime, 'config'>): string | null {
  const store = runtime.config.objectStore;
  return store.kind === 'local' ? resolve(join(dirname(store.localDir), 'certificates')) : null;
}

/** Runs of erasures on the work queue: five attempts each, two seconds apart and growing. */
function bullmqErasureQueue(queues: QueueBackend): ErasureQueue {
  return {
    async enqueue(erasureId, runId) {
      await queues.queue<ErasureWorkData>(ERASURE_QUEUE).add('execute', { erasureId }, { jobId: runId, attempts: 5, backoffMs: 2_000 });
    },
  };
}

export function createErasureEngine(runtime: Runtime, opts: ErasureEngineOptions = {}): ErasureEngine {
  const deps = {
    graph: runtime.graph,
    pfs: runtime.pfs,
    objects: runtime.objects,
    keyring: runtime.keyring,
    kms: createLocalKeyManagementService({ dir: runtime.config.compliance.keyDir }),
    queue: bullmqErasureQueue(runtime.queues),
    queueScope: runtime.config.redis.queuePrefix,
    audit: opts.audit ?? createAuditLog({ graph: createNeo4jAuditGraph(runtime.graph) }),
    pipelines: opts.pipelines,
    certificateDir: opts.certificateDir === undefined ? defaultCertificateDir(runtime) : opts.certificateDir,
    logger: runtime.logger.child({ component: 'erasure' }),
  };
  return {
    service: createErasureService(deps),
    async startWorkers(workerOpts = {}) {
      if (!deps.pipelines) throw new FailedPreconditionError('erasure workers need the pipeline service: pass `pipelines` to createErasureEngine');
      const processor = createErasureWorkerProcessor(deps, {
        ...(workerOpts.leaseMs === undefined ? {} : { leaseMs: workerOpts.leaseMs }),
        ...(workerOpts.reprocessTimeoutMs === undefined ? {} : { reprocess: { timeoutMs: workerOpts.reprocessTimeoutMs } }),
      });
      const consumer = runtime.queues.consume<ErasureWorkData, { state: string }>(ERASURE_QUEUE, (item) => processor.run({ erasureId: item.data.erasureId, workId: item.id, attempt: item.attempt }), {
        concurrency: workerOpts.concurrency ?? 2,
        lockMs: workerOpts.lockMs,
        stalledIntervalMs: workerOpts.stalledIntervalMs,
      });
      await processor.resume();
      return { close: () => consumer.close() };
    },
  };
}
