/**
 * Probes each dependency a process relies on and reports, for each, its address, whether it
 * answers, its version and how long it took: the body of /readyz and of `stemma status`.
 */
import { isStemmaError } from '../core/errors.js';
import { systemQueueName, type PingReply } from '../workers/system-processors.js';
import type { QueueBackend } from '../workers/queue/work-queue.js';
import type { Runtime } from './create-runtime.js';

export interface DependencyStatus {
  name: 'neo4j' | 'redis' | 'objectStore' | 'workers';
  address: string;
  ok: boolean;
  version?: string;
  detail?: string;
  error?: string;
  latencyMs: number;
}

export async function checkDependencies(
  rt: Pick<Runtime, 'graph' | 'objects' | 'queues' | 'config'>,
  opts: { workers?: boolean } = {},
): Promise<DependencyStatus[]> {
  const checks = [
    probe('neo4j', rt.config.neo4j.uri, async () => {
      const v = await rt.graph.verify();
      return { version: `${v.version} ${v.edition}` };
    }),
    probe('redis', rt.config.redis.url, async () => rt.queues.ping()),
    probe('objectStore', rt.objects.describe().location, async () => {
      await rt.objects.head('health/probe');
      return { version: rt.objects.describe().kind === 's3' ? 'S3 API' : 'local disk' };
    }),
  ];
  if (opts.workers) checks.push(probe('workers', `queue ${systemQueueName}`, () => pingWorkers(rt.queues)));
  return Promise.all(checks);
}

/** Proves that a worker consumes: a ping job goes through the queue and comes back. */
async function pingWorkers(queues: QueueBackend): Promise<{ detail: string }> {
  const q = queues.queue<Record<string, never>, PingReply>(systemQueueName);
  const id = await q.add('ping', {});
  try {
    const reply = await q.waitFor(id, 4_000);
    return { detail: `worker pid ${reply.pid} on ${reply.host} answered` };
  } catch {
    throw new Error('no worker answered a ping within 4 s: start the workers (`npm run demo` starts them)');
  }
}

async function probe(
  name: DependencyStatus['name'],
  address: string,
  fn: () => Promise<{ version?: string; detail?: string }>,
): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    const res = await withTimeout(fn(), 5_000, `${name} did not answer within 5 s at ${address}`);
    return { name, address, ok: true, ...res, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const message = isStemmaError(err) || err instanceof Error ? err.message : String(err);
    return { name, address, ok: false, error: message, latencyMs: Math.round(performance.now() - started) };
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
