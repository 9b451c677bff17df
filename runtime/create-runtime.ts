/**
 * Builds the adapters a process needs from its configuration: the graph client, the object
 * store, the work-queue backend and the subject keyring (its keys kept apart from both data
 * stores). Shared by the composition roots (api/main.ts, workers/main.ts, cli/main.ts); the
 * domain modules never see configuration.
 */
import { createLocalKeyManagementService, createRedisKeyRevocationChannel, createSubjectKeyring, type SubjectKeyring } from '../compliance/keys/index.js';
import { loadConfig, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createGraphClient, type GraphClient } from '../graph-schema/graph-client.js';
import { runMigrations } from '../graph-schema/migrate.js';
import { createNeo4jCommitGraph, createNeo4jFileVersionGraph, createNeo4jRepoGraph } from '../graph-schema/pfs/index.js';
import { createPfs, type Pfs } from '../pfs/create-pfs.js';
import { createPfsStorage, type PfsStorage } from '../pfs/create-pfs-storage.js';
import { createObjectStore } from '../pfs/object-store/create-object-store.js';
import type { ObjectStore } from '../pfs/object-store/object-store.js';
import { createBullmqQueueBackend } from '../workers/queue/bullmq-queue-backend.js';
import type { QueueBackend } from '../workers/queue/work-queue.js';

export type RuntimeConfig = Config<'neo4j' | 'redis' | 'objectStore' | 'log' | 'runner' | 'compliance'>;

export interface Runtime {
  config: RuntimeConfig;
  logger: Logger;
  graph: GraphClient;
  objects: ObjectStore;
  queues: QueueBackend;
  storage: PfsStorage;
  /** Per-subject keys: subjects' record files are encrypted under them; erasure destroys them. */
  keyring: SubjectKeyring;
  pfs: Pfs;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Apply graph migrations before returning (the API and workers do). */
  migrate?: boolean;
}

export async function createRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const config = loadConfig(['neo4j', 'redis', 'objectStore', 'log', 'runner', 'compliance'], opts.env ?? process.env);
  const logger = opts.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const graph = createGraphClient(config.neo4j, logger);
  const objects = createObjectStore(config.objectStore, { logger });
  const queues = createBullmqQueueBackend(config.redis, logger);
  const kms = createLocalKeyManagementService({ dir: config.compliance.keyDir });
  const keyring = createSubjectKeyring({ kms, cacheTtlMs: config.compliance.keyCacheMs });
  // Every process forgets a subject's cached keys the moment any process destroys them.
  const revocations = createRedisKeyRevocationChannel({ url: config.redis.url }, logger);
  void keyring.listenForRevocations(revocations).catch((err: unknown) => {
    logger.warn({ err }, 'not listening for key revocations: cached subject keys expire after STEMMA_KEY_CACHE_MS only');
  });
  const storage = createPfsStorage(objects, logger, { subjectTransforms: keyring });
  const pfs = createPfs({
    repos: createNeo4jRepoGraph(graph),
    commits: createNeo4jCommitGraph(graph),
    fileVersions: createNeo4jFileVersionGraph(graph),
    trees: storage.trees,
    content: storage.content,
    staging: objects,
    subjectTransforms: keyring,
    logger: logger.child({ component: 'pfs' }),
  });
  const runtime: Runtime = {
    config,
    logger,
    graph,
    objects,
    queues,
    storage,
    keyring,
    pfs,
    async close() {
      await Promise.allSettled([graph.close(), objects.close(), queues.close(), revocations.close()]);
    },
  };
  if (opts.migrate) {
    try {
      await runMigrations(graph, { logger });
    } catch (err) {
      await runtime.close();
      throw err;
    }
  }
  return runtime;
}
