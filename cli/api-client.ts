/**
 * The CLI's client of the Stemma API: GraphQL for metadata, HTTP streams for bytes.
 * Errors come back as StemmaErrors with the server's code and message.
 */
import { FailedPreconditionError, UnavailableError, isStemmaError, type ErrorCode, type StemmaError } from '../core/errors.js';
import type { Readable } from 'node:stream';
import { remoteError } from './remote-error.js';
import { streamUpload, type StreamUploadInit } from './stream-upload.js';

export interface ApiClientOptions {
  url: string;
  token?: string | undefined;
}

export interface ApiClient {
  readonly url: string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A plain request: any status comes back as a Response. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A request whose non-2xx answer becomes the StemmaError the server described
   * (`{ "error": { "code", "message" } }`). Stream bodies need `duplex: 'half'`.
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Streams `body` (a file, stdin, a tar) as the request body, with the errors of
   * {@link request}. Memory stays flat whatever the size.
   */
  upload(path: string, body: Readable, init: StreamUploadInit): Promise<Response>;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const headers = (extra: RequestInit['headers'] = {}): Headers => {
    const h = new Headers(extra);
    if (opts.token) h.set('authorization', `Bearer ${opts.token}`);
    return h;
  };
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(new URL(path, opts.url), { ...init, headers: headers(init.headers) });
    } catch (err) {
      throw transportError(err instanceof Error && err.cause !== undefined ? err.cause : err, opts.url, path);
    }
  };
  return {
    url: opts.url,
    get: call,
    async request(path, init) {
      const res = await call(path, init);
      if (!res.ok) throw await httpError(res, opts.url, path);
      return res;
    },
    async upload(path, body, init) {
      const res = await streamUpload(new URL(path, opts.url), body, { ...init, headers: Object.fromEntries(headers(init.headers)) }).catch((err: unknown) => {
        throw transportError(err, opts.url, path);
      });
      if (!res.ok) throw await httpError(res, opts.url, path);
      return res;
    },
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: ErrorCode } }[] } | null;
      if (!body) throw new FailedPreconditionError(`the API at ${opts.url} answered ${res.status} without a GraphQL body`);
      const first = body.errors?.[0];
      if (first) throw remoteError(first.extensions?.code, first.message);
      return body.data as T;
    },
  };
}

/**
 * Tells "nothing answers there" from a request that broke on the way; a StemmaError (a
 * body that could not be read: a local file that changed) passes through.
 */
function transportError(cause: unknown, url: string, path: string): StemmaError {
  if (isStemmaError(cause)) return cause;
  const code = (cause as { code?: string } | undefined)?.code;
  if (!(cause instanceof Error) || (code !== undefined && UNREACHABLE.has(code))) {
    return new UnavailableError(`the Stemma API is not answering at ${url}: start it with \`npm run demo\` (or set STEMMA_API_URL)`, { url, transport: true }, { cause });
  }
  if (code === 'EPIPE' || code === 'ECONNRESET') {
    return new UnavailableError(
      `the API at ${url} closed the connection during the request: it may have refused it (check the repo, branch and path) or stopped; try again`,
      { url, code, transport: true },
      { cause },
    );
  }
  const reason = cause.message;
  return new UnavailableError(`the request to ${url}${path.split('?')[0] ?? ''} failed: ${reason}; try again`, { url, code, transport: true }, { cause });
}

async function httpError(res: Response, url: string, path: string): Promise<StemmaError> {
  const text = await res.text().catch(() => '');
  let body: { error?: { code?: string; message?: string } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (body?.error?.message) return remoteError(body.error.code, body.error.message);
  const route = path.split('?')[0] ?? path;
  if (res.status === 404) return new FailedPreconditionError(`the API at ${url} has no ${route}: is it the same version as this CLI?`);
  return remoteError(undefined, `the API at ${url} answered ${res.status} ${res.statusText} for ${route}`);
}
