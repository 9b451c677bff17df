/**
 * GraphQL over HTTP for benchmarks: one request with a bearer token, errors raised with their
 * `extensions.code`, and a poll that waits for a job to end.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchGraphql {
  /** Runs one operation; throws `BenchGraphqlError` when the answer holds errors. */
  <T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export class BenchGraphqlError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BenchGraphqlError';
  }
}

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * A GraphQL client of the API at `url` (no trailing slash) acting with `token`. Requests go
 * through `node:http` on kept-alive connections, as a load generator sends them: Node's
 * `fetch` adds about a millisecond of its own per request on this machine, which would be
 * counted as the API's.
 */
export function createBenchGraphql(url: string, token: string): BenchGraphql {
  const target = new URL(`${url}/graphql`);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await post(JSON.stringify({ query, variables }));
    const body = JSON.parse(res.text) as GraphqlAnswer<T>;
    const first = body.errors?.[0];
    if (first) throw new BenchGraphqlError(`${first.message} (${first.extensions?.code ?? res.status})`, first.extensions?.code);
    if (!body.data) throw new BenchGraphqlError(`no data in the answer (HTTP ${res.status})`, undefined);
    return body.data;
  };
}

export interface BenchJob {
  jobId: string;
  state: string;
  createdAt: string;
  finishedAt: string | null;
  progress: { total: number; processed: number; skipped: number; failed: number };
}

const JOB = `query Job($id: String!) { job(id: $id) { jobId state createdAt finishedAt progress { total processed skipped failed } } }`;
const ENDED = ['SUCCESS', 'FAILURE', 'KILLED', 'UNRUNNABLE'];

/** Polls job `id` until it ends; throws unless it succeeded or after `timeoutMs`. */
export async function waitBenchJob(gql: BenchGraphql, id: string, timeoutMs: number): Promise<BenchJob & { finishedAt: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { job } = await gql<{ job: BenchJob }>(JOB, { id });
    if (ENDED.includes(job.state)) {
      if (job.state !== 'SUCCESS') throw new Error(`job ${id} ended ${job.state}`);
      return job as BenchJob & { finishedAt: string };
    }
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${Math.round(timeoutMs / 1000)} s (${job.progress.processed}/${job.progress.total} datums)`);
    await sleep(Math.min(2000, 100 + job.progress.total / 10));
  }
}

/** Milliseconds between a job's creation and its end. */
export const jobMs = (job: { createdAt: string; finishedAt: string }): number => Date.parse(job.finishedAt) - Date.parse(job.createdAt);
