/**
 * The versioned file system: repos and branches, commits and their writers, file reads.
 */
import type { CommitRecord } from '../graph-schema/pfs/index.js';
import { repoId } from '../graph-schema/pfs/index.js';
import { createCommitEvents } from './commits/commit-events.js';
import { createCommitService, type BranchTarget, type CommitOptions } from './commits/commit-service.js';
import { resolveCommit } from './commits/resolve-commit.js';
import { createFileReader } from './files/file-reader.js';
import { joinPath } from './paths/path-operations.js';
import type { PfsDeps } from './pfs-deps.js';
import type { CommitRef, FileRef } from './refs/index.js';
import { createRepoService } from './repos/repo-service.js';
import type { TreeEntry } from './tree-store.js';

export function createPfs(deps: PfsDeps) {
  const repos = createRepoService(deps);
  const events = createCommitEvents(deps.logger);
  const commits = createCommitService(deps, events);
  const files = createFileReader(deps);

  return {
    ...repos,
    ...commits,
    ...files,
    deps,
    /** Calls `listener` after every commit that finishes; returns the function that stops it. */
    onCommitFinished: events.onCommitFinished,
    resolveCommit: (ref: CommitRef) => resolveCommit(deps, ref),

    inspectCommit: (id: string) => deps.commits.getCommit(id),

    /** The commits of a branch (or from a commit back), newest first. */
    async listCommits(ref: CommitRef, opts: { limit?: number; all?: boolean } = {}): Promise<CommitRecord[]> {
      const limit = Math.min(opts.limit ?? 100, 10_000);
      if (!ref.ref.commitId && !ref.ref.ancestry) {
        const branch = await deps.repos.getBranch(ref.project, ref.repo, ref.ref.branch ?? 'master');
        const open = opts.all ? await deps.commits.openCommitOf(branch.id) : null;
        if (!branch.head) return open ? [open] : [];
        return [...(open ? [open] : []), ...(await deps.commits.history(branch.head, { limit, finishedOnly: !opts.all }))];
      }
      const start = await resolveCommit(deps, ref);
      return deps.commits.history(start.id, { limit, finishedOnly: !opts.all });
    },

    /** Copies files (a file or a directory) into a branch without copying bytes. */
    async copyFile(src: FileRef, dst: BranchTarget & { path: string }, opts: CommitOptions = {}): Promise<CommitRecord> {
      const entries: TreeEntry[] = [];
      const srcCommit = await resolveCommit(deps, src);
      for await (const e of deps.trees.list(srcCommit.manifest, { prefix: src.path })) {
        const rel = e.path === src.path ? '' : e.path.slice(src.path === '/' ? 1 : src.path.length + 1);
        entries.push({ ...e, path: rel === '' ? dst.path : joinPath(dst.path, rel) });
      }
      if (entries.length === 0) await files.inspectFile(src);
      return commits.write(dst, async (w) => w.putEntries(entries), {
        description: opts.description ?? `copy ${repoId(src.project, src.repo)}:${src.path}`,
        ...opts,
      });
    },
  };
}

export type Pfs = ReturnType<typeof createPfs>;
