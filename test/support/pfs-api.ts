/**
 * For integration tests of the API: a real server on a runtime over the local stack, and
 * small clients for its GraphQL and byte endpoints. The harness mints an admin token of every
 * project straight into the token graph and sends it with every request; `mintToken` makes
 * tokens with other roles. Every token it minted is revoked when it closes.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../core/logger.js';
import { createNeo4jTokenGraph, type RoleBinding } from '../../graph-schema/auth/index.js';
import { createApiAuth, type IssuedToken } from '../../api/auth/api-auth.js';
import type { PipelineService } from '../../pipelines/service/index.js';
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
  /** The admin token (of every project) the harness sends. */
  token: string;
  /** `fetch` with the harness's token, unless `init.headers` sets its own authorization. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** A new token with these roles, made in the token graph as test setup would. */
  mintToken(bindings: RoleBinding[], name?: string): Promise<IssuedToken>;
  /** The raw GraphQL answer, errors included; `token: null` sends none. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts?: { token?: string | null }): Promise<GraphqlResponse<T>>;
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

export interface PfsApiOptions {
  /** Serve this runtime (the caller closes it) instead of a new one. */
  runtime?: Runtime;
  /** The pipeline service the server calls (default: one made on the runtime). */
  pipelines?: PipelineService;
}

export async function startPfsApi(options: PfsApiOptions = {}): Promise<PfsApiHarness> {
  loadStackEnv();
  const runtime = options.runtime ?? (await createRuntime({ migrate: true, logger: createLogger({ level: 'error' }) }));
  const closeRuntime = options.runtime ? async () => undefined : () => runtime.close();
  let server: ApiServer;
  try {
    server = await startApiServer(runtime, { host: '127.0.0.1', port: 0, ...(options.pipelines ? { pipelines: options.pipelines } : {}) });
  } catch (err) {
    await closeRuntime();
    throw err;
  }
  const auth = createApiAuth(createNeo4jTokenGraph(runtime.graph));
  const minted: string[] = [];
  const mintToken = async (bindings: RoleBinding[], name = `test-${randomUUID().slice(0, 8)}`) => {
    const issued = await auth.issueToken({ name, bindings });
    minted.push(issued.record.id);
    return issued;
  };
  const { token } = await mintToken([{ role: 'admin', project: '*' }], 'test-harness-admin');
  const authorization = (t: string | null | undefined): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
  const authedFetch = (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
  const graphql = async <T>(query: string, variables: Record<string, unknown> = {}, opts: { token?: string | null } = {}): Promise<GraphqlResponse<T>> => {
    const headers = { 'content-type': 'application/json', ...authorization(opts.token === undefined ? token : opts.token) };
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GraphqlResponse<T>;
  };
  return {
    url: server.url,
    runtime,
    token,
    fetch: authedFetch,
    mintToken,
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
      await Promise.allSettled(minted.map((id) => auth.revokeToken(id)));
      await server.close();
      await closeRuntime();
    },
  };
}
