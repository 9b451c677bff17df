import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, FailedPreconditionError, NotFoundError, UnavailableError } from '../core/errors.js';
import { createApiClient } from './api-client.js';

let server: Server;
let url: string;
const seen: { path: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'repo images does not exist' } }));
      } else if (req.url === '/no-route') {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      } else if (req.url === '/graphql') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'branch dev does not exist', extensions: { code: 'NOT_FOUND' } }] }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createApiClient', () => {
  it('sends the token and a streamed body', async () => {
    const api = createApiClient({ url, token: 't0k3n' });
    const body = new Blob(['hello']).stream();
    const res = await api.request('/upload', { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(await res.json()).toEqual({ echo: 'hello' });
    expect(seen.at(-1)).toMatchObject({ path: '/upload', authorization: 'Bearer t0k3n' });
  });

  it('uploads a stream over node:http with the token and headers', async () => {
    const api = createApiClient({ url, token: 't0k3n' });
    const body = Readable.from([Buffer.from('a'.repeat(100_000)), Buffer.from('b')]);
    const res = await api.upload('/upload?x=1', body, { method: 'PUT', headers: { 'content-length': '100001' } });
    expect(((await res.json()) as { echo: string }).echo).toHaveLength(100_001);
    expect(seen.at(-1)).toMatchObject({ path: '/upload?x=1', authorization: 'Bearer t0k3n' });
  });

  it("turns an upload's refusal into the server's error", async () => {
    const err = await createApiClient({ url })
      .upload('/missing', Readable.from([Buffer.from('x')]), { method: 'POST', headers: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
  });

  it('fails an upload with the error of its body', async () => {
    const body = new Readable({ read() {} });
    body.push('partial');
    setTimeout(() => body.destroy(new ConflictError('the local file changed')), 20);
    const err = await createApiClient({ url }).upload('/upload', body, { method: 'PUT', headers: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe('the local file changed');
  });

  it("rebuilds the server's error from its JSON body", async () => {
    const api = createApiClient({ url });
    const err = await api.request('/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('repo images does not exist');
  });

  it('says when the API has no such endpoint', async () => {
    const err = await createApiClient({ url }).request('/no-route').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FailedPreconditionError);
    expect((err as Error).message).toContain('has no /no-route: is it the same version as this CLI?');
  });

  it('rebuilds GraphQL errors from extensions.code', async () => {
    const err = await createApiClient({ url }).graphql('{ x }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('branch dev does not exist');
  });

  it('says what to do when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const deadUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const err = await createApiClient({ url: deadUrl }).get('/healthz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe(`the Stemma API is not answering at ${deadUrl}: start it with \`npm run demo\` (or set STEMMA_API_URL)`);
  });
});
