/**
 * What a benchmark asks of a running API, over its own HTTP endpoints (no CLI process, whose
 * start alone costs a Node boot): GraphQL, repos, file and directory uploads, and waiting
 * for a job to end, woken by the pipeline queue's events rather than by slow polls.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueueEvents } from 'bullmq';
import type { BenchApi } from './bench-api.js';

export interface BenchJob {
  jobId: string;
  state: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { total: number; processed: number; skipped: number; failed: number };
}

export interface BenchCommit {
  id: string;
  commitSet: string;
  createdAt: string;
  finishedAt: string | null;
}

const JOB_FIELDS = 'jobId state createdAt startedAt finishedAt progress { total processed skipped failed }';
const TERMINAL = ['SUCCESS', 'FAILURE', 'KILLED', 'UNRUNNABLE'];
/** The pipeline control queue: a job's plan and finish entries complete there. */
const CONTROL_QUEUE = 'stemma-pipelines';
/** How often the job is read when no queue event came (a safety net, not the clock). */
const FALLBACK_POLL_MS = 250;

export interface BenchClient {
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  createRepo(name: string): Promise<void>;
  /** Uploads every file of `dir` (as a tar stream) into one commit, under the repo's root. */
  putDirectory(repo: string, dir: string, entry: string): Promise<BenchCommit>;
  /** Puts one file in its own commit; resolves once the commit is finished. */
  putFile(repo: string, path: string, body: string): Promise<BenchCommit>;
  job(jobId: string): Promise<BenchJob | null>;
  /** Resolves once the job exists and has ended; throws unless it succeeded. */
  waitJob(jobId: string, timeoutMs?: number): Promise<BenchJob & { finishedAt: string }>;
  close(): Promise<void>;
}

export async function createBenchClient(api: BenchApi, queuePrefix: string, redisUrl: string): Promise<BenchClient> {
  const url = new URL(redisUrl);
  const events = new QueueEvents(CONTROL_QUEUE, { connection: { host: url.hostname, port: Number(url.port || 6379) }, prefix: queuePrefix });
  await events.waitUntilReady();
  let wake: (() => void) | null = null;
  events.on('completed', () => wake?.());
  const auth = { authorization: `Bearer ${api.token}` };
  const pfsUrl = (repo: string, rest: string) => `${api.url}/v1/pfs/default/${encodeURIComponent(repo)}/master/${rest}`;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const upload = async (target: string, method: string, body: RequestInit['body'], init: Record<string, unknown> = {}): Promise<BenchCommit> => {
    const res = await fetch(target, { method, headers: auth, body, ...init } as RequestInit);
    const json = (await res.json()) as { commit?: BenchCommit; error?: unknown };
    if (!res.ok || !json.commit) throw new Error(`${method} ${target} answered ${res.status}: ${JSON.stringify(json.error ?? json)}`);
    return json.commit;
  };
  const job = async (jobId: string) => (await gql<{ job: BenchJob | null }>(`query($id: String!) { job(id: $id) { ${JOB_FIELDS} } }`, { id: jobId })).job;

  return {
    gql,
    job,
    async createRepo(name) {
      await gql('mutation($n: String!) { createRepo(name: $n) { name } }', { n: name });
    },
    async putDirectory(repo, dir, entry) {
      const tar = spawn('tar', ['-cf', '-', '-C', dir, entry], { stdio: ['ignore', 'pipe', 'inherit'] });
      return upload(pfsUrl(repo, 'tar?path=/'), 'POST', tar.stdout as unknown as RequestInit['body'], { duplex: 'half' });
    },
    putFile: (repo, path, body) => upload(pfsUrl(repo, `files${path}`), 'PUT', body),
    async waitJob(jobId, timeoutMs = 30 * 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const seen = await job(jobId).catch(() => null);
        if (seen && TERMINAL.includes(seen.state)) {
          if (seen.state !== 'SUCCESS') throw new Error(`job ${jobId} ended ${seen.state}`);
          return seen as BenchJob & { finishedAt: string };
        }
        if (Date.now() > deadline) throw new Error(`job ${jobId} did not end within ${Math.round(timeoutMs / 1000)}s`);
        await Promise.race([woken, sleep(FALLBACK_POLL_MS)]);
      }
    },
    close: () => events.close(),
  };
}
