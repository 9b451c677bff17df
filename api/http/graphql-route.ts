/**
 * GraphQL over HTTP at /graphql, straight from `node:http` to Apollo Server: the body is read
 * (at most `maxBodyBytes`), parsed when it says it is JSON, and handed with the headers and
 * query string to `executeHTTPGraphQLRequest`; Apollo's answer is written as it comes. Every
 * request to the API takes this path, so it goes around Express's router, body parser and
 * `res.send` (with its ETag hashing), which cost about a quarter of a millisecond a request.
 * Bad bodies are answered in GraphQL's own shape: 413 over the limit, 400 for broken JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from '../../core/logger.js';

export interface GraphqlRouteOptions<C extends BaseContext> {
  /** The request's context (auth, logger); an error it throws is answered by Apollo with its status. */
  context(req: IncomingMessage): Promise<C>;
  /** Largest request body read, in bytes. */
  maxBodyBytes: number;
  logger: Logger;
}

export type GraphqlRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** Whether a request's target is the GraphQL endpoint (`/graphql`, with or without a query string). */
export function isGraphqlPath(url: string | undefined): boolean {
  if (url === undefined || !url.startsWith('/graphql')) return false;
  const rest = url.slice('/graphql'.length);
  return rest === '' || rest === '/' || rest.startsWith('?') || rest.startsWith('/?');
}

export function createGraphqlRoute<C extends BaseContext>(apollo: ApolloServer<C>, opts: GraphqlRouteOptions<C>): GraphqlRoute {
  return (req, res) => {
    readBody(req, opts.maxBodyBytes).then(
      async (raw) => {
        const body = parseBody(req, raw);
        if (body instanceof BodyError) return answerError(res, body.status, body.code, body.message);
        const answer = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers: headerMapOf(req), search: searchOf(req.url), body },
          context: () => opts.context(req),
        });
        await writeAnswer(res, answer);
      },
      (err: unknown) => {
        if (err instanceof BodyError) {
          answerError(res, err.status, err.code, err.message);
          // The rest of an oversized body is not read: close the connection after the answer.
          res.once('finish', () => req.destroy());
          return;
        }
        // The client went away mid-body: there is nobody to answer.
        req.destroy();
      },
    ).catch((err: unknown) => {
      opts.logger.error({ err }, 'graphql request failed outside Apollo');
      if (!res.headersSent) answerError(res, 500, 'INTERNAL_SERVER_ERROR', 'the request could not be answered: see the API log');
      else res.destroy();
    });
  };
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        req.pause();
        req.removeAllListeners('data');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client aborted')));
  });
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, 'PAYLOAD_TOO_LARGE', `the request body is over ${limit} bytes, the most a GraphQL request may send: upload files through /v1/pfs instead`);
}

/** The body as Apollo takes it: parsed JSON for a JSON content type, nothing for an empty body, else the text. */
function parseBody(req: IncomingMessage, raw: Buffer): unknown {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return new BodyError(415, 'UNSUPPORTED_MEDIA_TYPE', `the request body is ${encoding}-encoded: send GraphQL requests uncompressed`);
  if (raw.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type !== 'application/json' && !type.endsWith('+json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return new BodyError(400, 'BAD_REQUEST', `the request body is not valid JSON (${(err as Error).message}): send {"query": "...", "variables": {...}}`);
  }
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function searchOf(url: string | undefined): string {
  const at = url?.indexOf('?') ?? -1;
  return at < 0 ? '' : url!.slice(at);
}

async function writeAnswer(res: ServerResponse, answer: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = answer.status ?? 200;
  // No cache hints are set, so nothing the API answers may be cached.
  res.setHeader('cache-control', 'no-store');
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  if (answer.body.kind === 'complete') {
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

function answerError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
