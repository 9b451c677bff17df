/**
 * The `stemma` file-system verbs end to end: the real CLI (bin/stemma, from source) as a
 * child process, against a real API server over the local stack. Every test works in its
 * own repos (`test-<8 hex>`).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { projectRoot } from '../test/support/stack-env.js';

/** Each CLI run starts a process (about a second from source): a test of many verbs takes minutes. */
const TIMEOUT = 300_000;

interface Run {
  code: number;
  stdout: Buffer;
  out: string;
  err: string;
}

let api: PfsApiHarness;
let work: string;

beforeAll(async () => {
  api = await startPfsApi();
  work = await mkdtemp(join(tmpdir(), 'stemma-cli-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  await api?.close();
});

/** Runs `bin/stemma` with the test server's URL and token; `input` goes to its stdin. */
function stemma(args: string[], input?: Buffer | string): Promise<Run> {
  const env = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token, STEMMA_FROM_SOURCE: '1' };
  const child = spawn(join(projectRoot, 'bin/stemma'), args, { cwd: work, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out);
      resolve({ code: code ?? -1, stdout, out: stdout.toString('utf8'), err: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Runs a command that must succeed. */
async function ok(args: string[], input?: Buffer | string): Promise<Run> {
  const run = await stemma(args, input);
  expect(run.code, `stemma ${args.join(' ')}\n${run.err}`).toBe(0);
  return run;
}

/** Runs a command with `--json` that must succeed, and parses what it printed. */
async function json<T>(args: string[]): Promise<T> {
  return JSON.parse((await ok(['--json', ...args])).out) as T;
}

async function newRepo(): Promise<string> {
  const name = `test-${randomUUID().slice(0, 8)}`;
  await ok(['create', 'repo', name]);
  return name;
}

interface CommitJson {
  id: string;
  state: string;
  parentId: string | null;
}

interface FileJson {
  path: string;
  type: string;
  size: number;
  fileCount: number;
  subjects: string[];
}

describe('stemma projects and repos', () => {
  it('creates, lists, inspects and deletes', async () => {
    const project = `test-${randomUUID().slice(0, 8)}`;
    expect((await ok(['create', 'project', project, '-d', 'cli tests'])).out).toBe(`created project ${project}\n`);
    expect((await json<{ name: string }[]>(['list', 'project'])).map((p) => p.name)).toContain(project);
    expect((await ok(['list', 'project'])).out).toMatch(/^PROJECT\s+CREATED\s+DESCRIPTION\n/);

    const repo = `test-${randomUUID().slice(0, 8)}`;
    expect((await ok(['create', 'repo', repo, '--project', project, '-d', 'raw data'])).out).toBe(`created repo ${project}/${repo}\n`);
    const repos = await json<{ name: string; description: string; project: string }[]>(['list', 'repo', '--project', project]);
    expect(repos).toEqual([expect.objectContaining({ name: repo, project, description: 'raw data' })]);
    expect(await json<{ kind: string }>(['inspect', 'repo', `${project}/${repo}`])).toMatchObject({ name: repo, kind: 'user' });
    expect((await ok(['inspect', 'repo', repo, '--project', project])).out).toMatch(/^Description:\s+raw data$/m);
    expect((await ok(['list', 'repo'])).out).toMatch(new RegExp(`^${project}\\s+${repo}\\s+(just now|\\d+ seconds? ago)\\s+0 B\\s+0\\s+raw data$`, 'm'));

    expect((await ok(['delete', 'repo', `${project}/${repo}`])).out).toBe(`deleted repo ${project}/${repo} (0 commits)\n`);
    const gone = await stemma(['inspect', 'repo', `${project}/${repo}`]);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^stemma: .*does not exist/);
  }, TIMEOUT);
});

describe('stemma put file and get file', () => {
  it('round-trips bytes exactly, whole, ranged, through stdin and appended', async () => {
    const repo = await newRepo();
    const bytes = randomBytes(1_500_000);
    await writeFile(join(work, 'blob.bin'), bytes);
    const put = await ok(['put', 'file', `${repo}@master:/data/blob.bin`, '-f', './blob.bin', '-m', 'first load']);
    expect(put.out).toMatch(new RegExp(`^put 1 file \\(1\\.4 MiB\\) at ${repo}@master:/data/blob\\.bin, commit [0-9a-f]{32}\\n$`));

    await ok(['get', 'file', `${repo}@master:/data/blob.bin`, '-o', 'copy.bin']);
    expect((await readFile(join(work, 'copy.bin'))).equals(bytes)).toBe(true);
    expect((await ok(['get', 'file', `${repo}@master:/data/blob.bin`])).stdout.equals(bytes)).toBe(true);
    const ranged = await ok(['get', 'file', `${repo}@master:/data/blob.bin`, '--offset', '1000', '--length', '77']);
    expect(ranged.stdout.equals(bytes.subarray(1000, 1077))).toBe(true);

    const fromStdin = JSON.parse((await ok(['--json', 'put', 'file', `${repo}@master:/in.txt`, '-f', '-'], 'from stdin\n')).out) as Record<string, unknown>;
    expect(fromStdin).toMatchObject({ path: '/in.txt', files: 1, bytes: 11, commit: { state: 'finished', repoId: `default/${repo}` } });
    await ok(['put', 'file', `${repo}@master:/in.txt`, '-f', '-', '--append'], 'and more\n');
    expect((await ok(['get', 'file', `${repo}@master:/in.txt`])).out).toBe('from stdin\nand more\n');

    await writeFile(join(work, 'notes.txt'), 'notes');
    await ok(['put', 'file', `${repo}@master`, '-f', 'notes.txt']);
    const root = await json<FileJson[]>(['list', 'file', `${repo}@master`]);
    expect(root.map((f) => [f.path, f.type])).toEqual([
      ['/data', 'dir'],
      ['/in.txt', 'file'],
      ['/notes.txt', 'file'],
    ]);
    expect((await ok(['list', 'file', `${repo}@master:/data`])).out).toMatch(/^\/data\/blob\.bin\s+file\s+1\.4 MiB\s+1$/m);
  }, TIMEOUT);

  it('uploads a directory of 500 files in one commit', async () => {
    const repo = await newRepo();
    const dir = join(work, `tree-${randomUUID().slice(0, 8)}`);
    for (let d = 0; d < 5; d++) {
      await mkdir(join(dir, `part-${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 100 }, (_, i) => writeFile(join(dir, `part-${d}`, `f${i}.txt`), `file ${d}/${i}\n`)));
    }
    const put = await ok(['put', 'file', '-r', `${repo}@master:/tree`, '-f', dir, '-m', 'a tree']);
    expect(put.out).toMatch(/^put 500 files \(/);
    const commits = await json<(CommitJson & { description: string; fileCount: number })[]>(['list', 'commit', repo]);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ state: 'finished', description: 'a tree', fileCount: 500 });
    expect(await json<FileJson>(['inspect', 'file', `${repo}@master:/tree`])).toMatchObject({ type: 'dir', fileCount: 500 });
    expect((await json<FileJson[]>(['list', 'file', `${repo}@master:/tree`])).map((f) => f.path)).toEqual(
      [0, 1, 2, 3, 4].map((d) => `/tree/part-${d}`),
    );
    expect((await ok(['get', 'file', `${repo}@master:/tree/part-3/f42.txt`])).out).toBe('file 3/42\n');
  }, TIMEOUT);

  it('splits a CSV into one file per record, tagged with its subject', async () => {
    const repo = await newRepo();
    await writeFile(join(work, 'users.csv'), 'user_id,name\nu1,Ann\nu2,Bob\nu1,Ann again\nu3,Cy\n');
    const put = await ok(['put', 'file', `${repo}@master:/users.csv`, '-f', 'users.csv', '--split', 'csv', '--subject-field', 'user_id']);
    expect(put.out).toMatch(/^put 4 files \(.*, 3 subjects\)/);
    const records = await json<FileJson[]>(['list', 'file', `${repo}@master:/users.csv`]);
    expect(records).toHaveLength(4);
    expect(records.every((f) => f.type === 'file')).toBe(true);
    expect((await json<FileJson>(['inspect', 'file', records[2]!.path.replace(/^/, `${repo}@master:`)])).subjects).toEqual(['u1']);
    expect((await ok(['get', 'file', `${repo}@master:${records[1]!.path}`])).out).toBe('user_id,name\nu2,Bob\n');
  }, TIMEOUT);
});

describe('stemma branches and commits', () => {
  it('starts, stages into, finishes and deletes commits; creates and deletes branches', async () => {
    const repo = await newRepo();
    await ok(['put', 'file', `${repo}@master:/a.txt`, '-f', '-'], 'one');
    await ok(['put', 'file', `${repo}@master:/a.txt`, '-f', '-'], 'two');
    const [second, first] = await json<CommitJson[]>(['list', 'commit', repo]);
    expect(second?.parentId).toBe(first?.id);

    expect((await ok(['create', 'branch', `${repo}@dev`, '--head', 'master^'])).out).toBe(`created branch ${repo}@dev at ${first?.id}\n`);
    const branches = await json<{ name: string; head: string }[]>(['list', 'branch', repo]);
    expect(branches.map((b) => [b.name, b.head])).toEqual([
      ['dev', first?.id],
      ['master', second?.id],
    ]);
    expect((await ok(['get', 'file', `${repo}@dev:/a.txt`])).out).toBe('one');

    const started = (await ok(['start', 'commit', `${repo}@master`, '-m', 'staged'])).out.trim();
    expect(started).toMatch(/^[0-9a-f]{32}$/);
    expect((await ok(['put', 'file', `${repo}@master:/b.txt`, '-f', '-'], 'b')).out).toContain(`staged in open commit ${started}`);
    expect((await json<CommitJson[]>(['list', 'commit', repo, '--all', '--limit', '1']))[0]).toMatchObject({ id: started, state: 'open' });
    expect((await ok(['finish', 'commit', `${repo}@master`])).out).toMatch(new RegExp(`^finished commit ${started} \\(2 files`));
    expect(await json<CommitJson>(['inspect', 'commit', `${repo}@master`])).toMatchObject({ id: started, state: 'finished' });
    expect((await json<CommitJson>(['inspect', 'commit', `${repo}@master.1`])).id).toBe(first?.id);
    expect((await json<CommitJson>(['inspect', 'commit', `${repo}@master^`])).id).toBe(second?.id);
    expect((await ok(['inspect', 'commit', `${repo}@${started}`])).out).toMatch(/^Description:\s+staged$/m);

    const dropped = (await ok(['start', 'commit', `${repo}@master`])).out.trim();
    expect((await ok(['delete', 'commit', `${repo}@${dropped}`])).out).toBe(`deleted commit ${dropped}\n`);
    expect((await json<CommitJson[]>(['list', 'commit', repo, '--all'])).map((c) => c.id)).not.toContain(dropped);
    const none = await stemma(['finish', 'commit', `${repo}@master`]);
    expect(none.code).toBe(1);
    expect(none.err).toBe(`stemma: ${repo}@master has no open commit: start one with \`stemma start commit ${repo}@master\`\n`);

    await ok(['delete', 'branch', `${repo}@dev`]);
    expect((await json<{ name: string }[]>(['list', 'branch', repo])).map((b) => b.name)).toEqual(['master']);
    expect((await ok(['list', 'commit', repo])).out).toMatch(/^REPO\s+BRANCH\s+COMMIT\s+STATE\s+FINISHED\s+SIZE\s+ORIGIN\s+DESCRIPTION\n/);
  }, TIMEOUT);
});

describe('stemma file reads and copies', () => {
  it('globs, diffs, shows history, copies and deletes', async () => {
    const repo = await newRepo();
    await ok(['put', 'file', `${repo}@master:/a.csv`, '-f', '-'], 'x,y\n1,2\n');
    await ok(['put', 'file', `${repo}@master:/b.csv`, '-f', '-'], 'x,y\n');
    await ok(['put', 'file', `${repo}@master:/docs/readme.md`, '-f', '-'], '# hi\n');
    await ok(['put', 'file', `${repo}@master:/a.csv`, '-f', '-'], 'x,y\n1,2\n3,4\n');

    expect((await json<FileJson[]>(['glob', 'file', `${repo}@master:/*.csv`])).map((f) => f.path)).toEqual(['/a.csv', '/b.csv']);
    const diff = await json<{ added: FileJson[]; removed: FileJson[]; changed: { after: FileJson }[] }>(['diff', 'file', `${repo}@master`]);
    expect(diff.changed.map((c) => c.after.path)).toEqual(['/a.csv']);
    expect(diff.added).toEqual([]);
    const since = await json<{ added: FileJson[] }>(['diff', 'file', `${repo}@master`, `${repo}@master.1`]);
    expect(since.added.map((f) => f.path)).toEqual(['/b.csv', '/docs/readme.md']);
    expect((await ok(['diff', 'file', `${repo}@master`])).out).toMatch(/^~\s+\/a\.csv\s+8 B → 12 B$/m);

    const history = await json<{ change: string; commit: CommitJson }[]>(['history', 'file', `${repo}@master:/a.csv`]);
    expect(history.map((h) => h.change)).toEqual(['modified', 'added']);

    await ok(['copy', 'file', `${repo}@master:/docs`, `${repo}@master:/docs-copy`]);
    expect((await ok(['get', 'file', `${repo}@master:/docs-copy/readme.md`])).out).toBe('# hi\n');
    await ok(['delete', 'file', `${repo}@master:/b.csv`]);
    const notRecursive = await stemma(['delete', 'file', `${repo}@master:/docs`]);
    expect(notRecursive.code).toBe(1);
    expect(notRecursive.err).toMatch(/no such file; to delete a directory add -r\n$/);
    await ok(['delete', 'file', '-r', `${repo}@master:/docs`]);
    expect((await json<FileJson[]>(['list', 'file', `${repo}@master`])).map((f) => f.path)).toEqual(['/a.csv', '/docs-copy']);
  }, TIMEOUT);
});

describe('stemma errors', () => {
  it('names the problem and what to do, and exits non-zero', async () => {
    const repo = await newRepo();
    await ok(['put', 'file', `${repo}@master:/here.csv`, '-f', '-'], 'a\n');
    const cases: [string[], RegExp][] = [
      [['get', 'file', `${repo}@master:/nope.csv`], /^stemma: .*:\/nope\.csv: no such file/],
      [['put', 'file', `${repo}@master:/x.csv`, '-f', './x.csv'], /^stemma: no such file \.\/x\.csv\n$/],
      [['put', 'file', `${repo}@mas ter:/x.csv`, '-f', '-'], /^stemma: invalid file reference .*branch name "mas ter" is invalid/],
      [['put', 'file', `missing-${randomUUID().slice(0, 8)}@master:/x`, '-f', '-'], /^stemma: repo default\/missing-\w+ does not exist: create it with `stemma create repo/],
      [['list', 'commit', repo, '--limit', 'lots'], /^stemma: --limit must be a whole number of at least 1, got "lots"\n$/],
      [['put', 'file', `${repo}@master^:/x`, '-f', '-'], /^stemma: put file needs a branch, not a commit/],
    ];
    for (const [args, message] of cases) {
      const run = await stemma(args, '');
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toMatch(message);
      expect(run.out).toBe('');
    }
  }, TIMEOUT);
});
