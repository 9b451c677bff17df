/**
 * For integration tests of the API: a real server on a runtime over the local stack, and
 * small clients for its GraphQL and byte endpoints.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../core/logger.js';
import { createRuntime, type Runtime } from '../../runtime/create-runtime.js';
import { loadStackEnv } from './stack-env.js';
import { startApiServer, type ApiServer } from '../../api/server.js';

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlError[];
}

export interface PfsApiHarness {
  url: string;
  runtime: Runtime;
  /** The raw GraphQL answer, errors included. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>;
  /** The data of a GraphQL answer; fails the test on any error. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A repo with a fresh name, created through GraphQL. */
  newRepo(): Promise<string>;
  fileUrl(repo: string, ref: string, path: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

export function uniqueRepoName(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** `/a/b c.csv` → `a/b%20c.csv`, each segment encoded. */
export function encodePath(path: string): string {
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}

export async function startPfsApi(): Promise<PfsApiHarness> {
  loadStackEnv();
  const runtime = await createRuntime({ migrate: true, logger: createLogger({ level: 'error' }) });
  let server: ApiServer;
  try {
    server = await startApiServer(runtime, { host: '127.0.0.1', port: 0 });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const graphql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GraphqlResponse<T>;
  };
  return {
    url: server.url,
    runtime,
    graphql,
    async query<T>(query: string, variables: Record<string, unknown> = {}) {
      const res = await graphql<T>(query, variables);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
      return res.data as T;
    },
    async newRepo() {
      const name = uniqueRepoName();
      const res = await graphql('mutation($name: String!) { createRepo(name: $name) { name } }', { name });
      if (res.errors?.length) throw new Error(`createRepo failed: ${JSON.stringify(res.errors)}`);
      return name;
    },
    fileUrl(repo, ref, path, query) {
      const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
      return `${server.url}/v1/pfs/default/${encodeURIComponent(repo)}/${encodeURIComponent(ref)}/files/${encodePath(path)}${qs}`;
    },
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}
