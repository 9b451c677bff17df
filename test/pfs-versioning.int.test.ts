import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime/create-runtime.js';
import { parseCommitRef, parseFileRef } from '../pfs/refs/index.js';
import { seed, testRuntime, uniqueName } from './support/seed.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt.close());

const text = async (ref: string) => {
  const { stream } = await rt.pfs.getFile(parseFileRef(ref));
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('versioned repositories on the real stack', () => {
  it('commits files, reads them back, and resolves ancestry (^, .N, commit id)', async () => {
    const repo = await seed(rt).repo();
    const c1 = await repo.put('/a.txt', 'one');
    const c2 = await repo.put('/a.txt', 'two');
    const c3 = await repo.put('/b.txt', 'bee');
    expect(await text(`${repo.name}@master:/a.txt`)).toBe('two');
    expect(await text(`${repo.name}@master^:/a.txt`)).toBe('two');
    expect(await text(`${repo.name}@master^2:/a.txt`)).toBe('one');
    expect(await text(`${repo.name}@master.1:/a.txt`)).toBe('one');
    expect(await text(`${repo.name}@${c1.id}:/a.txt`)).toBe('one');
    expect(c3.parentId).toBe(c2.id);
    expect(c2.parentId).toBe(c1.id);
    expect(c1.commitSet).toBe(c1.id);
    const commits = await rt.pfs.listCommits(parseCommitRef(`${repo.name}@master`));
    expect(commits.map((c) => c.id)).toEqual([c3.id, c2.id, c1.id]);
  });

  it('lists directories, inspects, diffs and gives the history of a path', async () => {
    const repo = await seed(rt).repo();
    const c1 = await repo.putMany({ '/d/x': 'xx', '/d/y': 'yyy', '/top': 't' });
    await repo.put('/other', 'o');
    const c3 = await repo.put('/d/x', 'changed');
    const root = await rt.pfs.listFiles(parseFileRef(`${repo.name}@master:/`));
    expect(root.map((f) => [f.path, f.type, f.size])).toEqual([
      ['/d', 'dir', 10],
      ['/other', 'file', 1],
      ['/top', 'file', 1],
    ]);
    const diff = await rt.pfs.diffFiles(parseFileRef(`${repo.name}@master`));
    expect(diff.changed.map((c) => c.after.path)).toEqual(['/d/x']);
    expect(diff.added).toEqual([]);
    const history = await rt.pfs.fileHistory(parseFileRef(`${repo.name}@master:/d/x`));
    expect(history.map((h) => [h.commit.id, h.change])).toEqual([
      [c3.id, 'modified'],
      [c1.id, 'added'],
    ]);
  });

  it('supports ranged reads and append', async () => {
    const repo = await seed(rt).repo();
    await repo.put('/log', 'hello ');
    await rt.pfs.write(repo.target, async (w) => {
      await w.putFile('/log', Buffer.from('world'), { append: true });
    });
    expect(await text(`${repo.name}@master:/log`)).toBe('hello world');
    const { stream } = await rt.pfs.getFile(parseFileRef(`${repo.name}@master:/log`), { start: 6, end: 9 });
    const part: Buffer[] = [];
    for await (const c of stream) part.push(c as Buffer);
    expect(Buffer.concat(part).toString()).toBe('worl');
  });

  it('stages writes into an open commit, invisible until it finishes', async () => {
    const repo = await seed(rt).repo();
    const base = await repo.put('/keep', 'k');
    const open = await rt.pfs.startCommit(repo.target, { description: 'batch' });
    await repo.put('/new1', '1');
    await repo.put('/new2', '2');
    const head = await rt.pfs.inspectBranch(repo.project, repo.name, 'master');
    expect(head.head).toBe(base.id);
    await expect(text(`${repo.name}@master:/new1`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rt.pfs.startCommit(repo.target)).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await rt.pfs.finishCommit(open.id);
    expect(done.state).toBe('finished');
    expect(done.fileCount).toBe(3);
    expect(await text(`${repo.name}@master:/new2`)).toBe('2');
  });

  it('keeps every landed write of racing writers to one branch, in one line of history', async () => {
    const repo = await seed(rt).repo();
    const names = ['/r1', '/r2', '/r3', '/r4'];
    const settled = await Promise.allSettled(names.map((name) => rt.pfs.write(repo.target, async (w) => void (await w.putFile(name, Buffer.from(name))))));
    const landed = names.filter((_, i) => settled[i]?.status === 'fulfilled');
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'CONFLICT' });
    expect(landed.length).toBeGreaterThan(0);
    const files = await rt.pfs.listFiles(parseFileRef(`${repo.name}@master:/`));
    expect(files.map((f) => f.path).sort()).toEqual(landed.sort());
  });

  it('copies files across repos without copying bytes, and deletes files', async () => {
    const s = seed(rt);
    const src = await s.repo();
    const dst = await s.repo();
    await src.putMany({ '/dir/a': 'AAAA', '/dir/b': 'BBBB' });
    await rt.pfs.copyFile(parseFileRef(`${src.name}@master:/dir`), { ...dst.target, path: '/copied' });
    const [a1, a2] = await Promise.all([
      rt.pfs.inspectFile(parseFileRef(`${src.name}@master:/dir/a`)),
      rt.pfs.inspectFile(parseFileRef(`${dst.name}@master:/copied/a`)),
    ]);
    expect(a2.hash).toBe(a1.hash);
    await rt.pfs.write(dst.target, (w) => w.deleteFile('/copied', { recursive: true }));
    await expect(rt.pfs.listFiles(parseFileRef(`${dst.name}@master:/copied`))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('splits a CSV into one record per file, tagging subjects in the graph', async () => {
    const repo = await seed(rt).repo();
    const u = uniqueName('user');
    const csv = `user_id,income\n${u}-1,100\n${u}-2,200\n${u}-3,300\n`;
    await rt.pfs.write(repo.target, async (w) => {
      await w.putRecords('/applicants.csv', Buffer.from(csv), { format: 'csv', subjectField: 'user_id' });
    });
    const files = await rt.pfs.listFiles(parseFileRef(`${repo.name}@master:/applicants.csv`));
    expect(files).toHaveLength(3);
    expect(await text(`${repo.name}@master:${files[1]?.path}`)).toBe(`user_id,income\n${u}-2,200\n`);
    const tagged = await rt.pfs.deps.fileVersions.fileVersionsOfSubject(`${u}-2`, 10);
    expect(tagged.map((f) => f.path)).toEqual([files[1]?.path]);

    // Re-putting with one row changed introduces exactly one new record version.
    const changed = csv.replace(`${u}-3,300`, `${u}-3,301`);
    const c2 = await rt.pfs.write(repo.target, (w) => w.putRecords('/applicants.csv', Buffer.from(changed), { format: 'csv', subjectField: 'user_id' }).then(() => undefined));
    const diff = await rt.pfs.diffFiles(parseFileRef(`${repo.name}@${c2.id}`));
    expect(diff.changed.map((c) => c.after.path)).toEqual([files[2]?.path]);
    expect((await rt.pfs.deps.fileVersions.fileVersionsOfSubject(`${u}-3`, 10)).length).toBe(2);
    expect((await rt.pfs.deps.fileVersions.fileVersionsOfSubject(`${u}-1`, 10)).length).toBe(1);
  });

  it('refuses bad paths and names with INVALID_ARGUMENT naming them', async () => {
    const repo = await seed(rt).repo();
    await expect(repo.put('/a/../b', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('/a/../b') });
    await expect(repo.put('/a//b', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(rt.pfs.createRepo('default', 'bad name!')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('bad name!') });
    await expect(rt.pfs.createRepo('default', repo.name)).rejects.toMatchObject({ code: 'CONFLICT' });
    const head = await rt.pfs.listCommits(parseCommitRef(`${repo.name}@master`));
    expect(head).toEqual([]);
  });

  it('deletes a repo with its branches and commits', async () => {
    const repo = await seed(rt).repo();
    await repo.put('/x', 'x');
    const res = await rt.pfs.deleteRepo(repo.project, repo.name);
    expect(res.commits).toBe(1);
    await expect(rt.pfs.inspectRepo(repo.project, repo.name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
