/**
 * Pipelines on a runtime: the graph repositories, the queue scheduler, the service and,
 * in a worker process, the consumers of the pipeline queues. Every finished commit is
 * handed to the trigger queue; workers reconcile at start and then periodically, so a
 * trigger lost in a crash is found again.
 */
import { resolve } from 'node:path';
import { FailedPreconditionError } from '../../core/errors.js';
import { createNeo4jDecisionGraph } from '../../graph-schema/decisions/index.js';
import { createNeo4jDatumGraph, createNeo4jJobGraph, createNeo4jModelGraph, createNeo4jPipelineGraph } from '../../graph-schema/pipelines/index.js';
import { createPipelineCore, createPipelineService, type JobScheduler, type PipelineCore, type PipelineService } from '../../pipelines/service/index.js';
import type { ReconcileOptions } from '../../pipelines/service/index.js';
import type { ContentStore } from '../../pfs/tree-store.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import type { WorkConsumer } from '../queue/work-queue.js';
import { createLocalProcessRunner } from '../runners/local-process-runner.js';
import type { Runner } from '../runners/runner.js';
import { createPipelineProcessors, type PipelineProcessors } from './create-pipeline-processors.js';
import { createQueueJobScheduler, DATUM_QUEUE, PIPELINE_QUEUE } from './pipeline-queues.js';
import { createWorkerContentStore } from './worker-content-store.js';

export interface PipelineWorkerOptions {
  /** The runner datums run with (default: a LocalProcessRunner from the runtime's config). */
  runner?: Runner;
  /** Concurrent datum batches in this process (default: the runner config's concurrency). */
  datumConcurrency?: number;
  controlConcurrency?: number;
  /** Claim duration of a queue entry; a dead worker's batch is taken again after it. */
  lockMs?: number;
  stalledIntervalMs?: number;
  /** Reconcile only these projects' pipelines (all when absent). */
  projects?: string[];
  /** Milliseconds between reconciliations after the one at start (0: only at start). */
  reconcileEveryMs?: number;
}

export interface PipelineWorkers {
  /** Stops taking work, waits for the running work, and stops reconciling. */
  close(): Promise<void>;
}

export interface PipelineEngine {
  service: PipelineService;
  core: PipelineCore;
  scheduler: JobScheduler;
  processors(opts?: Pick<PipelineWorkerOptions, 'runner'>): PipelineProcessors;
  /** Consumes the pipeline queues in this process. */
  startWorkers(opts?: PipelineWorkerOptions): Promise<PipelineWorkers>;
  /** Stops handing finished commits to the trigger queue. */
  close(): void;
}

const DEFAULT_RECONCILE_MS = 60_000;

export function createPipelineEngine(runtime: Runtime): PipelineEngine {
  const logger = runtime.logger.child({ component: 'pipelines' });
  const scheduler = createQueueJobScheduler(runtime.queues);
  const deps = {
    pfs: runtime.pfs,
    pipelines: createNeo4jPipelineGraph(runtime.graph),
    jobs: createNeo4jJobGraph(runtime.graph),
    datums: createNeo4jDatumGraph(runtime.graph),
    models: createNeo4jModelGraph(runtime.graph),
    decisions: createNeo4jDecisionGraph(runtime.graph),
    objects: runtime.objects,
    scheduler,
    logger,
  };
  const core = createPipelineCore(deps);
  const unhook = runtime.pfs.onCommitFinished((commit) => scheduler.commitFinished(commit.id));
  let workerContent: ContentStore | undefined;
  const datumContent = () =>
    (workerContent ??= createWorkerContentStore(runtime.objects, {
      logger,
      ...(runtime.storage.subjectTransforms ? { resolveTransform: runtime.storage.subjectTransforms.resolveTransform } : {}),
    }));

  const defaultRunner = (): Runner => {
    const config = runtime.config.runner;
    if (config.kind !== 'local') throw new FailedPreconditionError(`STEMMA_RUNNER=${config.kind}: give the pipeline workers a runner for it`);
    return createLocalProcessRunner({ bubblewrap: config.bubblewrap, hostEnv: config.hostEnv, logger });
  };

  const processors = (opts: Pick<PipelineWorkerOptions, 'runner'> = {}) =>
    createPipelineProcessors({
      core,
      runner: opts.runner ?? defaultRunner(),
      storage: { content: datumContent(), trees: runtime.storage.trees },
      workDir: resolve(runtime.config.runner.workDir),
      logger,
    });

  return {
    service: createPipelineService(deps, core),
    core,
    scheduler,
    processors,
    async startWorkers(opts = {}) {
      const handlers = processors(opts);
      const claim = { lockMs: opts.lockMs, stalledIntervalMs: opts.stalledIntervalMs };
      const consumers: WorkConsumer[] = [
        runtime.queues.consume(PIPELINE_QUEUE, handlers.control, { concurrency: opts.controlConcurrency ?? 4, ...claim }),
        runtime.queues.consume(DATUM_QUEUE, handlers.datums, { concurrency: opts.datumConcurrency ?? runtime.config.runner.concurrency, ...claim }),
      ];
      const scope: ReconcileOptions = opts.projects ? { projects: opts.projects } : {};
      const reconcile = () => core.reconcile(scope).catch((err: unknown) => logger.warn({ err }, 'reconciling pipelines failed'));
      await reconcile();
      const every = opts.reconcileEveryMs ?? DEFAULT_RECONCILE_MS;
      const timer = every > 0 ? setInterval(() => void reconcile(), every) : undefined;
      timer?.unref();
      return {
        async close() {
          if (timer) clearInterval(timer);
          await Promise.all(consumers.map((c) => c.close()));
        },
      };
    },
    close: unhook,
  };
}
