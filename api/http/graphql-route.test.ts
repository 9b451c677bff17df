import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createGraphqlRoute, isGraphqlPath } from './graphql-route.js';

interface Ctx {
  who: string;
}

const LIMIT = 2_000;
let server: Server;
let apollo: ApolloServer<Ctx>;
let url: string;

beforeAll(async () => {
  apollo = new ApolloServer<Ctx>({
    typeDefs: 'type Query { hello(name: String): String, who: String }',
    resolvers: { Query: { hello: (_r: unknown, a: { name?: string }) => `hello ${a.name ?? 'you'}`, who: (_r: unknown, _a: unknown, c: Ctx) => c.who } },
  });
  await apollo.start();
  const route = createGraphqlRoute(apollo, {
    maxBodyBytes: LIMIT,
    logger: silentLogger,
    context: async (req) => {
      if (req.headers.authorization === 'Bearer nobody') throw new GraphQLError('no such token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return { who: String(req.headers['x-who'] ?? 'anonymous') };
    },
  });
  server = createServer((req, res) => (isGraphqlPath(req.url) ? route(req, res) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await apollo.stop();
});

const post = (body: string | Buffer, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A POST whose body comes in chunks with no content-length, as a streaming client sends it. */
function postChunked(parts: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe('GraphQL over HTTP', () => {
  it('answers a query with its data, with the context the request made, and is never cached', async () => {
    const res = await post(JSON.stringify({ query: 'query($n: String) { hello(name: $n) who }', variables: { n: 'ada' } }), { 'x-who': 'alan' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await res.json()).toEqual({ data: { hello: 'hello ada', who: 'alan' } });
  });

  it('answers a GET query from the query string', async () => {
    const res = await fetch(`${url}?query=${encodeURIComponent('{ hello }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: 'hello you' } });
  });

  it('reads a body that comes in chunks', async () => {
    const body = JSON.stringify({ query: '{ hello(name: "in parts") }' });
    const res = await postChunked([body.slice(0, 10), body.slice(10, 20), body.slice(20)]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { hello: 'hello in parts' } });
  });

  it('refuses a body that is not JSON with 400, naming the problem', async () => {
    const res = await post('{"query": "{ hello }"');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it('refuses a body over the limit with 413, whether it says its length or not', async () => {
    const big = JSON.stringify({ query: `{ hello(name: "${'x'.repeat(LIMIT)}") }` });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const streamed = await postChunked([big.slice(0, 1000), big.slice(1000)]);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text).errors[0].message).toMatch(/over 2000 bytes/);
    // The server still answers the next request.
    expect((await post(JSON.stringify({ query: '{ hello }' }))).status).toBe(200);
  });

  it('refuses a compressed body with 415', async () => {
    const res = await post(gzipSync(JSON.stringify({ query: '{ hello }' })), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/uncompressed/);
  });

  it('leaves to Apollo a POST that is not JSON (blocked as a possible cross-site request)', async () => {
    const res = await post('{ hello }', { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it("answers with the status a context's refusal carries", async () => {
    const res = await post(JSON.stringify({ query: '{ hello }' }), { authorization: 'Bearer nobody' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('isGraphqlPath', () => {
  it('takes /graphql with or without a query string or trailing slash, and nothing else', () => {
    for (const p of ['/graphql', '/graphql/', '/graphql?query=x', '/graphql/?query=x']) expect(isGraphqlPath(p)).toBe(true);
    for (const p of ['/graphqlx', '/graphql/x', '/v1/graphql', '/', undefined]) expect(isGraphqlPath(p)).toBe(false);
  });
});
