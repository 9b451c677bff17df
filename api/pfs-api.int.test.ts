/**
 * The file-system API end to end: a real server on the local stack, driven through HTTP
 * (bytes) and GraphQL (everything else), as the CLI drives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import { startPfsApi, uniqueRepoName, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;

beforeAll(async () => {
  api = await startPfsApi();
});

afterAll(async () => {
  await api?.close();
});

interface PutResult {
  commit: { id: string; repoId: string; branch: string; state: string; fileCount: number };
  path: string;
  files: number;
  bytes: number;
  subjects: number;
}

async function put(repo: string, path: string, body: string | Buffer, opts: { branch?: string; query?: Record<string, string> } = {}): Promise<PutResult> {
  const res = await api.fetch(api.fileUrl(repo, opts.branch ?? 'master', path, opts.query), { method: 'PUT', body });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PutResult;
}

async function text(repo: string, ref: string, path: string): Promise<string> {
  const res = await api.fetch(api.fileUrl(repo, ref, path));
  expect(res.status, await res.clone().text()).toBe(200);
  return res.text();
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name: './', type: 'directory' });
  for (const [name, body] of Object.entries(files)) archive.entry({ name, size: Buffer.byteLength(body) }, body);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const HEAD = `query($repo: String!) { branch(repo: $repo, name: "master") { head { id } } }`;
const headOf = async (repo: string) => (await api.query<{ branch: { head: { id: string } | null } }>(HEAD, { repo })).branch.head?.id ?? null;

describe('repos over GraphQL', () => {
  it('creates, lists, inspects by node id and deletes a repo', async () => {
    const name = uniqueRepoName();
    const created = await api.query<{ createRepo: { id: string; name: string; kind: string; project: { name: string } } }>(
      'mutation($name: String!) { createRepo(name: $name, description: "raw images") { id name kind project { name } } }',
      { name },
    );
    expect(created.createRepo).toMatchObject({ name, kind: 'USER', project: { name: 'default' } });
    const listed = await api.query<{ repos: { edges: { node: { name: string } }[] } }>('{ repos(project: "default", first: 1000) { edges { node { name } } } }');
    expect(listed.repos.edges.map((e) => e.node.name)).toContain(name);
    const node = await api.query<{ node: { __typename: string; name: string; description: string } }>('query($id: ID!) { node(id: $id) { __typename ... on Repo { name description } } }', {
      id: created.createRepo.id,
    });
    expect(node.node).toEqual({ __typename: 'Repo', name, description: 'raw images' });

    await put(name, '/x', 'x');
    const deleted = await api.query<{ deleteRepo: unknown }>('mutation($name: String!) { deleteRepo(name: $name) { deleted commits brokenPipelines } }', { name });
    expect(deleted.deleteRepo).toEqual({ deleted: true, commits: 1, brokenPipelines: [] });
    const gone = await api.graphql('query($name: String!) { repo(name: $name) { name } }', { name });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('files over HTTP', () => {
  it('puts a file and gets it back whole and by range', async () => {
    const repo = await api.newRepo();
    const content = 'The quick brown fox jumps over the lazy dog';
    const result = await put(repo, '/docs/fox one.txt', content, { query: { description: 'first put' } });
    expect(result).toMatchObject({ path: '/docs/fox one.txt', files: 1, bytes: content.length, subjects: 0 });
    expect(result.commit).toMatchObject({ repoId: `default/${repo}`, branch: 'master', state: 'finished', fileCount: 1 });

    const whole = await api.fetch(api.fileUrl(repo, 'master', '/docs/fox one.txt'));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(content.length));
    expect(whole.headers.get('content-type')).toBe('application/octet-stream');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('x-stemma-commit')).toBe(result.commit.id);
    expect(whole.headers.get('x-stemma-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(await whole.text()).toBe(content);

    const ranged = await api.fetch(api.fileUrl(repo, 'master', '/docs/fox one.txt'), { headers: { range: 'bytes=4-8' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 4-8/${content.length}`);
    expect(await ranged.text()).toBe('quick');
    const open = await api.fetch(api.fileUrl(repo, result.commit.id, '/docs/fox one.txt'), { headers: { range: 'bytes=40-' } });
    expect([open.status, await open.text()]).toEqual([206, 'dog']);
    const suffix = await api.fetch(api.fileUrl(repo, 'master', '/docs/fox one.txt'), { headers: { range: 'bytes=-8' } });
    expect([suffix.status, suffix.headers.get('content-range'), await suffix.text()]).toEqual([206, `bytes 35-42/${content.length}`, 'lazy dog']);
  });

  it('streams a large file without a content-length and reads a range across its chunks', async () => {
    const repo = await api.newRepo();
    const big = Buffer.alloc(9 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32BE(i, i);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 256 * 1024) controller.enqueue(big.subarray(i, i + 256 * 1024));
        controller.close();
      },
    });
    const res = await api.fetch(api.fileUrl(repo, 'master', '/big.bin'), { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    expect(((await res.json()) as PutResult).bytes).toBe(big.length);
    const start = 4 * 1024 * 1024 - 10;
    const ranged = await api.fetch(api.fileUrl(repo, 'master', '/big.bin'), { headers: { range: `bytes=${start}-${start + 99}` } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(big.subarray(start, start + 100))).toBe(true);
    const whole = Buffer.from(await (await api.fetch(api.fileUrl(repo, 'master', '/big.bin'))).arrayBuffer());
    expect(whole.equals(big)).toBe(true);
  });

  it('appends to a file and reads older versions through ancestry', async () => {
    const repo = await api.newRepo();
    await put(repo, '/log.txt', 'one\n');
    await put(repo, '/log.txt', 'two\n', { query: { append: 'true' } });
    expect(await text(repo, 'master', '/log.txt')).toBe('one\ntwo\n');
    expect(await text(repo, 'master^', '/log.txt')).toBe('one\n');
    expect(await text(repo, 'master.1', '/log.txt')).toBe('one\n');
  });

  it('splits a CSV into record files tagged with their subjects', async () => {
    const repo = await api.newRepo();
    const csv = 'user_id,amount\nu1,10\nu2,20\nu1,30\n';
    const result = await put(repo, '/loans', csv, { query: { split: 'csv', subjectField: 'user_id' } });
    expect(result).toMatchObject({ path: '/loans', files: 3, subjects: 2, bytes: csv.length });
    const files = await api.query<{ files: { totalCount: number; edges: { node: { path: string; subjects: string[] } }[] } }>(
      'query($ref: String!) { files(ref: $ref) { totalCount edges { node { path subjects } } } }',
      { ref: `${repo}@master:/loans` },
    );
    expect(files.files.totalCount).toBe(3);
    expect(files.files.edges.map((e) => e.node.subjects)).toEqual([['u1'], ['u2'], ['u1']]);
    expect(await text(repo, 'master', files.files.edges[1]!.node.path)).toBe('user_id,amount\nu2,20\n');
  });

  it('uploads a tar of several files in one commit', async () => {
    const repo = await api.newRepo();
    const files = { 'a.txt': 'alpha', 'sub/b.txt': 'bravo', 'sub/deeper/c.txt': 'charlie' };
    const res = await api.fetch(`${api.url}/v1/pfs/default/${repo}/master/tar?path=/in&description=three%20files`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
      body: await tarOf(files),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const result = (await res.json()) as { commit: { id: string; fileCount: number; description: string }; files: number; bytes: number };
    expect(result).toMatchObject({ files: 3, bytes: 17, commit: { fileCount: 3, description: 'three files' } });
    for (const [name, body] of Object.entries(files)) expect(await text(repo, 'master', `/in/${name}`)).toBe(body);
    const commits = await api.query<{ commits: { edges: { node: { id: string } }[] } }>('query($repo: String!) { commits(repo: $repo) { edges { node { id } } } }', { repo });
    expect(commits.commits.edges.map((e) => e.node.id)).toEqual([result.commit.id]);
  });
});

describe('commits, files and history over GraphQL', () => {
  it('lists, inspects, diffs and pages through history', async () => {
    const repo = await api.newRepo();
    const c1 = await put(repo, '/data/a.csv', 'v1');
    await put(repo, '/data/b.csv', 'b');
    const c3 = await put(repo, '/data/a.csv', 'v2');

    const listed = await api.query<{ files: { edges: { node: { path: string; type: string; size: number; fileCount: number } }[] } }>(
      'query($ref: String!) { files(ref: $ref) { edges { node { path type size fileCount } } } }',
      { ref: `${repo}@master:/` },
    );
    expect(listed.files.edges.map((e) => e.node)).toEqual([{ path: '/data', type: 'DIR', size: 3, fileCount: 2 }]);

    const inspected = await api.query<{ file: { path: string; type: string; size: number; hash: string; commit: { id: string } } }>(
      'query($ref: String!) { file(ref: $ref) { path type size hash commit { id } } }',
      { ref: `${repo}@master:/data/a.csv` },
    );
    expect(inspected.file).toMatchObject({ path: '/data/a.csv', type: 'FILE', size: 2, commit: { id: c3.commit.id } });

    const diff = await api.query<{ diff: { added: { path: string }[]; removed: unknown[]; changed: { before: { commit: { id: string } }; after: { path: string } }[] } }>(
      'query($ref: String!, $base: String) { diff(ref: $ref, base: $base) { added { path } removed { path } changed { before { commit { id } } after { path } } } }',
      { ref: `${repo}@master:/data`, base: `${repo}@${c1.commit.id}` },
    );
    expect(diff.diff).toEqual({ added: [{ path: '/data/b.csv' }], removed: [], changed: [{ before: { commit: { id: c1.commit.id } }, after: { path: '/data/a.csv' } }] });

    const history = await api.query<{ fileHistory: { edges: { node: { change: string; commit: { id: string }; size: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      'query($ref: String!) { fileHistory(ref: $ref, first: 1) { edges { node { change size commit { id } } } pageInfo { hasNextPage endCursor } } }',
      { ref: `${repo}@master:/data/a.csv` },
    );
    expect(history.fileHistory.edges.map((e) => e.node)).toEqual([{ change: 'MODIFIED', size: 2, commit: { id: c3.commit.id } }]);
    expect(history.fileHistory.pageInfo.hasNextPage).toBe(true);
    const older = await api.query<{ fileHistory: { edges: { node: { change: string; commit: { id: string } } }[]; pageInfo: { hasNextPage: boolean } } }>(
      'query($ref: String!, $after: String) { fileHistory(ref: $ref, first: 5, after: $after) { edges { node { change commit { id } } } pageInfo { hasNextPage } } }',
      { ref: `${repo}@master:/data/a.csv`, after: history.fileHistory.pageInfo.endCursor },
    );
    expect(older.fileHistory.edges.map((e) => e.node)).toEqual([{ change: 'ADDED', commit: { id: c1.commit.id } }]);
    expect(older.fileHistory.pageInfo.hasNextPage).toBe(false);

    const page1 = await api.query<{ commits: { edges: { node: { id: string; parent: { id: string } | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      'query($repo: String!) { commits(repo: $repo, first: 2) { edges { node { id parent { id } } } pageInfo { hasNextPage endCursor } } }',
      { repo },
    );
    expect(page1.commits.edges).toHaveLength(2);
    expect(page1.commits.edges[0]!.node.id).toBe(c3.commit.id);
    expect(page1.commits.edges[0]!.node.parent?.id).toBe(page1.commits.edges[1]!.node.id);
    expect(page1.commits.pageInfo.hasNextPage).toBe(true);
    const page2 = await api.query<{ commits: { edges: { node: { id: string; parent: null } }[]; pageInfo: { hasNextPage: boolean } } }>(
      'query($repo: String!, $after: String) { commits(repo: $repo, first: 2, after: $after) { edges { node { id parent { id } } } pageInfo { hasNextPage } } }',
      { repo, after: page1.commits.pageInfo.endCursor },
    );
    expect(page2.commits.edges.map((e) => e.node)).toEqual([{ id: c1.commit.id, parent: null }]);
    expect(page2.commits.pageInfo.hasNextPage).toBe(false);

    const one = await api.query<{ commit: Record<string, unknown> }>(
      'query($id: String!) { commit(id: $id) { id branch origin state commitSet description fileCount sizeBytes createdAt finishedAt repo { name } provenance { edges { node { id } } } subvenance { edges { node { id } } } files(path: "/data") { edges { node { path } } } } }',
      { id: `${repo}@master^2` },
    );
    expect(one.commit).toMatchObject({ id: c1.commit.id, branch: 'master', origin: 'USER', state: 'FINISHED', commitSet: c1.commit.id, fileCount: 1, sizeBytes: 2, repo: { name: repo }, provenance: { edges: [] }, subvenance: { edges: [] } });
    expect(one.commit.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(one.commit.files).toEqual({ edges: [{ node: { path: '/data/a.csv' } }] });
    const globbed = await api.query<{ glob: { edges: { node: { path: string; type: string } }[] } }>(
      'query($ref: String!) { glob(ref: $ref, pattern: "/*/*.csv") { edges { node { path type } } } }',
      { ref: `${repo}@master` },
    );
    expect(globbed.glob.edges.map((e) => e.node)).toEqual([
      { path: '/data/a.csv', type: 'FILE' },
      { path: '/data/b.csv', type: 'FILE' },
    ]);
    const set = await api.query<{ commitSet: { edges: { node: { id: string } }[] } }>('query($id: String!) { commitSet(id: $id) { edges { node { id } } } }', { id: c1.commit.id });
    expect(set.commitSet.edges.map((e) => e.node.id)).toEqual([c1.commit.id]);
  });

  it('creates a branch at an older commit, reads through it and deletes it', async () => {
    const repo = await api.newRepo();
    const first = await put(repo, '/f', 'old');
    await put(repo, '/f', 'new');
    const created = await api.query<{ createBranch: { name: string; head: { id: string }; repo: { name: string } } }>(
      'mutation($repo: String!) { createBranch(repo: $repo, name: "dev", head: "master^") { name head { id } repo { name } } }',
      { repo },
    );
    expect(created.createBranch).toEqual({ name: 'dev', head: { id: first.commit.id }, repo: { name: repo } });
    expect(await text(repo, 'dev', '/f')).toBe('old');
    await put(repo, '/g', 'on dev', { branch: 'dev' });
    expect(await text(repo, 'dev', '/g')).toBe('on dev');
    expect((await api.fetch(api.fileUrl(repo, 'master', '/g'))).status).toBe(404);

    const branches = await api.query<{ branches: { edges: { node: { name: string } }[] } }>('query($repo: String!) { branches(repo: $repo) { edges { node { name } } } }', { repo });
    expect(branches.branches.edges.map((e) => e.node.name)).toEqual(['dev', 'master']);
    await api.query('mutation($repo: String!) { deleteBranch(repo: $repo, name: "dev") { name } }', { repo });
    const gone = await api.graphql('query($repo: String!) { branch(repo: $repo, name: "dev") { name } }', { repo });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('stages two uploads into an open commit and shows them only once it is finished', async () => {
    const repo = await api.newRepo();
    const base = await put(repo, '/base', 'base');
    const started = await api.query<{ startCommit: { id: string; state: string; parent: { id: string } } }>(
      'mutation($repo: String!) { startCommit(repo: $repo, description: "two files") { id state parent { id } } }',
      { repo },
    );
    expect(started.startCommit).toMatchObject({ state: 'OPEN', parent: { id: base.commit.id } });
    const a = await put(repo, '/staged/a', 'A');
    const b = await put(repo, '/staged/b', 'B');
    expect([a.commit.id, b.commit.id]).toEqual([started.startCommit.id, started.startCommit.id]);
    expect(a.commit.state).toBe('open');
    expect((await api.fetch(api.fileUrl(repo, 'master', '/staged/a'))).status).toBe(404);
    expect(await headOf(repo)).toBe(base.commit.id);

    const listed = await api.query<{ commits: { edges: { node: { id: string; state: string } }[] } }>('query($repo: String!) { commits(repo: $repo, all: true) { edges { node { id state } } } }', { repo });
    expect(listed.commits.edges.map((e) => e.node)).toEqual([
      { id: started.startCommit.id, state: 'OPEN' },
      { id: base.commit.id, state: 'FINISHED' },
    ]);

    const finished = await api.query<{ finishCommit: { id: string; state: string; fileCount: number; description: string } }>('mutation($id: String!) { finishCommit(id: $id) { id state fileCount description } }', {
      id: started.startCommit.id,
    });
    expect(finished.finishCommit).toEqual({ id: started.startCommit.id, state: 'FINISHED', fileCount: 3, description: 'two files' });
    expect(await text(repo, 'master', '/staged/a')).toBe('A');
    expect(await text(repo, 'master', '/staged/b')).toBe('B');
    expect(await headOf(repo)).toBe(started.startCommit.id);
  });

  it('drops an open commit with what was staged into it', async () => {
    const repo = await api.newRepo();
    const base = await put(repo, '/base', 'base');
    const started = await api.query<{ startCommit: { id: string } }>('mutation($repo: String!) { startCommit(repo: $repo) { id } }', { repo });
    await put(repo, '/never', 'x');
    const dropped = await api.query<{ deleteCommit: { id: string; state: string } }>('mutation($id: String!) { deleteCommit(id: $id) { id state } }', { id: started.startCommit.id });
    expect(dropped.deleteCommit).toEqual({ id: started.startCommit.id, state: 'OPEN' });
    const after = await put(repo, '/later', 'y');
    expect(after.commit.state).toBe('finished');
    expect((await api.fetch(api.fileUrl(repo, 'master', '/never'))).status).toBe(404);
    expect(await headOf(repo)).toBe(after.commit.id);
    expect(base.commit.id).not.toBe(after.commit.id);
  });

  it('copies a file across repos without new bytes, then deletes files', async () => {
    const src = await api.newRepo();
    const dst = await api.newRepo();
    await put(src, '/models/weights.bin', 'w'.repeat(4096));
    const copied = await api.query<{ copyFile: { id: string; repo: { name: string }; fileCount: number } }>(
      'mutation($src: String!, $dst: String!) { copyFile(src: $src, dst: $dst) { id repo { name } fileCount } }',
      { src: `${src}@master:/models`, dst: `${dst}@master:/imported` },
    );
    expect(copied.copyFile).toMatchObject({ repo: { name: dst }, fileCount: 1 });
    const hashes = await api.query<{ a: { hash: string }; b: { hash: string; commit: { id: string } } }>(
      'query($a: String!, $b: String!) { a: file(ref: $a) { hash } b: file(ref: $b) { hash commit { id } } }',
      { a: `${src}@master:/models/weights.bin`, b: `${dst}@master:/imported/weights.bin` },
    );
    expect(hashes.b.hash).toBe(hashes.a.hash);
    expect(hashes.b.commit.id).toBe(copied.copyFile.id);
    expect(await text(dst, 'master', '/imported/weights.bin')).toBe('w'.repeat(4096));

    const deleted = await api.query<{ deleteFile: { id: string; fileCount: number } }>('mutation($ref: String!) { deleteFile(ref: $ref) { id fileCount } }', {
      ref: `${dst}@master:/imported/weights.bin`,
    });
    expect(deleted.deleteFile.fileCount).toBe(0);
    expect((await api.fetch(api.fileUrl(dst, 'master', '/imported/weights.bin'))).status).toBe(404);
    expect(await text(dst, 'master^', '/imported/weights.bin')).toBe('w'.repeat(4096));
    const missing = await api.graphql('mutation($ref: String!) { deleteFile(ref: $ref) { id } }', { ref: `${src}@master:/models` });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const recursive = await api.query<{ deleteFile: { fileCount: number } }>('mutation($ref: String!) { deleteFile(ref: $ref, recursive: true) { fileCount } }', { ref: `${src}@master:/models` });
    expect(recursive.deleteFile.fileCount).toBe(0);
  });
});
