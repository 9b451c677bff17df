/**
 * How the file-system API refuses: error JSON with the mapped status over HTTP, typed errors
 * with `extensions.code` and no stack over GraphQL, and aborted uploads that commit nothing.
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPfsApi, uniqueRepoName, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;

beforeAll(async () => {
  api = await startPfsApi();
});

afterAll(async () => {
  await api?.close();
});

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

/** Sends a request with a path exactly as written (fetch would resolve `..` segments). */
function rawRequest(method: string, path: string, body = ''): Promise<{ status: number; body: string }> {
  const url = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${api.token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The head of master: the newest finished commit, null before the first. */
const headOf = async (repo: string): Promise<string | null> =>
  (await api.query<{ commits: { edges: { node: { id: string } }[] } }>('query($repo: String!) { commits(repo: $repo, first: 1) { edges { node { id } } } }', { repo })).commits.edges[0]?.node.id ?? null;

async function putText(repo: string, path: string, body: string): Promise<string> {
  const res = await api.fetch(api.fileUrl(repo, 'master', path), { method: 'PUT', body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { commit: { id: string } }).commit.id;
}

describe('HTTP errors', () => {
  it('refuses a path with ".." as INVALID_ARGUMENT naming the path', async () => {
    const repo = await api.newRepo();
    const raw = await rawRequest('PUT', `/v1/pfs/default/${repo}/master/files/a/../b`, 'x');
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('path "/a/../b" has a ".." segment') } });
    const encoded = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/files/${encodeURIComponent('a/../b')}`, { method: 'PUT', body: 'x' });
    expect(await errorOf(encoded)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', message: expect.stringContaining('"/a/../b"') });
    const get = await rawRequest('GET', `/v1/pfs/default/${repo}/master/files/a/../b`);
    expect([get.status, JSON.parse(get.body).error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await headOf(repo)).toBeNull();
  });

  it('answers NOT_FOUND for a missing repo, branch head or file', async () => {
    const missing = uniqueRepoName();
    const put = await api.fetch(api.fileUrl(missing, 'master', '/a'), { method: 'PUT', body: 'x' });
    expect(await errorOf(put)).toMatchObject({ status: 404, code: 'NOT_FOUND', message: expect.stringContaining(`repo default/${missing} does not exist`) });
    expect(await errorOf(await api.fetch(api.fileUrl(missing, 'master', '/a')))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const repo = await api.newRepo();
    expect(await errorOf(await api.fetch(api.fileUrl(repo, 'master', '/a')))).toMatchObject({ status: 404, code: 'NOT_FOUND', message: expect.stringContaining('branch master does not exist') });
    await putText(repo, '/a', 'x');
    expect(await errorOf(await api.fetch(api.fileUrl(repo, 'master', '/b')))).toMatchObject({ status: 404, code: 'NOT_FOUND', message: expect.stringContaining('no such file') });
    expect(await errorOf(await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/nothing-here`))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('refuses bad query parameters and ranges, naming them', async () => {
    const repo = await api.newRepo();
    const bad = async (query: Record<string, string>) => errorOf(await api.fetch(api.fileUrl(repo, 'master', '/f', query), { method: 'PUT', body: 'x' }));
    expect(await bad({ split: 'xml' })).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^query parameter split: /) });
    expect(await bad({ targetFileDatums: '-1' })).toMatchObject({ status: 400, message: expect.stringMatching(/^query parameter targetFileDatums: /) });
    expect(await bad({ subjectField: 'id' })).toMatchObject({ status: 400, message: expect.stringMatching(/^query parameter subjectField: /) });
    expect(await bad({ spilt: 'csv' })).toMatchObject({ status: 400, message: 'unknown query parameter "spilt"' });
    await putText(repo, '/f', 'tiny');
    const range = await api.fetch(api.fileUrl(repo, 'master', '/f'), { headers: { range: 'bytes=100-' } });
    expect(await errorOf(range)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    const commitTarget = await api.fetch(api.fileUrl(repo, 'master^', '/g'), { method: 'PUT', body: 'x' });
    expect(await errorOf(commitTarget)).toMatchObject({ status: 400, message: expect.stringContaining('uploads go to a branch') });
    const percent = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/files/%E0%A4%A`);
    expect(await errorOf(percent)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
  });

  it('maps FAILED_PRECONDITION to 412: an open commit cannot be read', async () => {
    const repo = await api.newRepo();
    await putText(repo, '/a', 'x');
    const open = await api.query<{ startCommit: { id: string } }>('mutation($repo: String!) { startCommit(repo: $repo) { id } }', { repo });
    expect(await errorOf(await api.fetch(api.fileUrl(repo, open.startCommit.id, '/a')))).toMatchObject({ status: 412, code: 'FAILED_PRECONDITION' });
  });

  it('refuses a tar entry that climbs out of the target and commits nothing', async () => {
    const repo = await api.newRepo();
    const archive = pack();
    archive.entry({ name: 'fine.txt' }, 'fine');
    archive.entry({ name: '../escape.txt' }, 'bad');
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    const res = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/tar`, { method: 'POST', body: Buffer.concat(chunks) });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', message: expect.stringContaining('tar entry "../escape.txt"') });
    const notTar = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/tar`, { method: 'POST', body: Buffer.alloc(2048, 'x') });
    expect(await errorOf(notTar)).toMatchObject({ status: 400, message: expect.stringContaining('not a valid tar stream') });
    const onlyDirs = pack();
    onlyDirs.entry({ name: 'empty/', type: 'directory' });
    onlyDirs.finalize();
    const dirChunks: Buffer[] = [];
    for await (const chunk of onlyDirs as AsyncIterable<Buffer>) dirChunks.push(chunk);
    const empty = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/tar`, { method: 'POST', body: Buffer.concat(dirChunks) });
    expect(await errorOf(empty)).toMatchObject({ status: 400, message: expect.stringContaining('holds no regular files') });
    expect(await headOf(repo)).toBeNull();
  });
});

describe('aborted uploads', () => {
  /** Starts an upload announcing `total` bytes, sends `sent` of them, then drops the connection. */
  async function abortMidBody(path: string, total: number, sent: number): Promise<void> {
    const url = new URL(api.url);
    const req = request({ host: url.hostname, port: url.port, method: path.endsWith('/tar') ? 'POST' : 'PUT', path, headers: { 'content-length': String(total), authorization: `Bearer ${api.token}` } });
    req.on('error', () => {});
    req.write(Buffer.alloc(sent, 7));
    await sleep(300);
    req.destroy();
    await sleep(1000);
  }

  it('leaves the branch head where it was when the client goes away mid-body', async () => {
    const repo = await api.newRepo();
    const before = await putText(repo, '/kept', 'kept');
    await abortMidBody(`/v1/pfs/default/${repo}/master/files/big.bin`, 16 * 1024 * 1024, 3 * 1024 * 1024);
    await abortMidBody(`/v1/pfs/default/${repo}/master/files/small.bin`, 1000, 100);
    expect(await headOf(repo)).toBe(before);
    const commits = await api.query<{ commits: { edges: unknown[] } }>('query($repo: String!) { commits(repo: $repo, all: true) { edges { node { id } } } }', { repo });
    expect(commits.commits.edges).toHaveLength(1);
    expect((await api.fetch(api.fileUrl(repo, 'master', '/big.bin'))).status).toBe(404);
    const after = await putText(repo, '/next', 'next');
    expect(after).not.toBe(before);
  });

  it('commits nothing of a tar cut off mid-stream', async () => {
    const repo = await api.newRepo();
    const archive = pack();
    archive.entry({ name: 'a.bin' }, Buffer.alloc(3 * 1024 * 1024, 1));
    archive.entry({ name: 'b.bin' }, Buffer.alloc(3 * 1024 * 1024, 2));
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    const tar = Buffer.concat(chunks);
    const url = new URL(api.url);
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: `/v1/pfs/default/${repo}/master/tar`, headers: { 'content-length': String(tar.length), authorization: `Bearer ${api.token}` } });
    req.on('error', () => {});
    req.write(tar.subarray(0, 4 * 1024 * 1024));
    await sleep(300);
    req.destroy();
    await sleep(1000);
    expect(await headOf(repo)).toBeNull();
  });
});

describe('GraphQL errors', () => {
  it('carry extensions.code and the message, never a stack trace', async () => {
    const repo = await api.newRepo();
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['query($ref: String!) { file(ref: $ref) { path } }', { ref: `${repo}@master:/a/../b` }, 'INVALID_ARGUMENT', /^ref: invalid file reference .*"\.\." segment/],
      ['query($id: String!) { commit(id: $id) { id } }', { id: '0123456789abcdef0123456789abcdef' }, 'NOT_FOUND', /commit 0123456789abcdef0123456789abcdef does not exist/],
      ['query($name: String!) { repo(name: $name) { id } }', { name: uniqueRepoName() }, 'NOT_FOUND', /does not exist/],
      ['mutation($name: String!) { createRepo(name: $name) { id } }', { name: repo }, 'CONFLICT', /already exists/],
      ['mutation($name: String!) { createRepo(name: $name) { id } }', { name: 'bad.name' }, 'INVALID_ARGUMENT', /repo name "bad.name" is invalid/],
      ['mutation($id: String!) { finishCommit(id: $id) { id } }', { id: 'not-an-id' }, 'INVALID_ARGUMENT', /^id: "not-an-id" is not a commit id/],
      ['query { commits(repo: "x", first: 1, last: 1) { edges { cursor } } }', {}, 'INVALID_ARGUMENT', /first and after/],
      ['query { projects(after: "garbage") { edges { cursor } } }', {}, 'INVALID_ARGUMENT', /^after: not a cursor of this list/],
    ];
    for (const [query, variables, code, message] of cases) {
      const res = await api.graphql(query, variables);
      const error = res.errors?.[0];
      expect(error?.extensions?.code, `${query} ${JSON.stringify(res)}`).toBe(code);
      expect(error?.message).toMatch(message);
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+|at .*\(/);
    }
  });

  it('refuses a second open commit on a branch with CONFLICT', async () => {
    const repo = await api.newRepo();
    const start = 'mutation($repo: String!) { startCommit(repo: $repo) { id } }';
    await api.query(start, { repo });
    const second = await api.graphql(start, { repo });
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
