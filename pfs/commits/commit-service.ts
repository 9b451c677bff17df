/**
 * Commits: start, write, finish. A write to a branch without an open commit is its own
 * commit, created finished in one graph transaction together with the move of the branch
 * head: a writer that dies before that leaves the head as it was and nothing visible.
 * A write to a branch with an open commit is staged into it until `finishCommit`.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, FailedPreconditionError } from '../../core/errors.js';
import type { CommitOrigin, CommitRecord } from '../../graph-schema/pfs/index.js';
import { branchId, repoId } from '../../graph-schema/pfs/index.js';
import type { FileVersionInput } from '../../graph-schema/pfs/index.js';
import { validateBranchName } from '../paths/validate-name.js';
import { newCommitId } from '../refs/index.js';
import type { PfsDeps } from '../pfs-deps.js';
import type { TreeChanges, TreeSummary } from '../tree-store.js';
import { ChangeSet } from './change-set.js';
import type { CommitEvents } from './commit-events.js';
import { createCommitWriter, type CommitWriter } from './commit-writer.js';

export interface BranchTarget {
  project: string;
  repo: string;
  branch: string;
}

export interface CommitOptions {
  description?: string;
  origin?: CommitOrigin;
  /** Shared by every commit computed from one change (defaults to the new commit's id). */
  commitSet?: string;
  provenance?: string[];
}

const MAX_REBASES = 5;

export function createCommitService(deps: PfsDeps, events?: CommitEvents) {
  const stagingPrefix = (commitId: string) => `staging/${commitId}/`;

  const ensureBranch = async (t: BranchTarget) => {
    validateBranchName(t.branch);
    await deps.repos.getRepo(t.project, t.repo);
    return (await deps.repos.findBranch(t.project, t.repo, t.branch)) ?? deps.repos.createBranch({ ...t, name: t.branch, head: null });
  };

  const manifestOf = async (commitId: string | null): Promise<string | null> => (commitId ? (await deps.commits.getCommit(commitId)).manifest : null);

  /** File versions that lineage needs: records tagged with subjects that the commit changes. */
  const taggedVersions = async (repo: string, base: string | null, changes: TreeChanges): Promise<FileVersionInput[]> => {
    const out: FileVersionInput[] = [];
    for (const e of changes.puts) {
      if (!e.subjects?.length) continue;
      const before = await deps.trees.lookup(base, e.path);
      if (before?.hash === e.hash) continue;
      out.push({ repoId: repo, path: e.path, hash: e.hash, size: e.size, subjects: e.subjects });
    }
    return out;
  };

  const applyOnto = async (base: string | null, changes: TreeChanges): Promise<TreeSummary> => deps.trees.apply(base, changes);

  return {
    async startCommit(t: BranchTarget, opts: CommitOptions = {}): Promise<CommitRecord> {
      const branch = await ensureBranch(t);
      const id = newCommitId();
      return deps.commits.startCommit({
        id,
        repoId: repoId(t.project, t.repo),
        branchId: branch.id,
        branch: t.branch,
        parentId: branch.head,
        origin: opts.origin ?? 'user',
        commitSet: opts.commitSet ?? id,
        description: opts.description ?? '',
        provenance: opts.provenance ?? [],
      });
    },

    /** Runs `work` with a writer and commits what it wrote (or stages it into the open commit). */
    async write(t: BranchTarget, work: (w: CommitWriter) => Promise<void>, opts: CommitOptions = {}): Promise<CommitRecord> {
      const branch = await ensureBranch(t);
      const open = await deps.commits.openCommitOf(branch.id);
      const baseCommit = open ? open.parentId : branch.head;
      const writer = createCommitWriter(deps, await manifestOf(baseCommit));
      await work(writer);
      await writer.flush();
      if (open) {
        await deps.staging.put(`${stagingPrefix(open.id)}${Date.now().toString().padStart(15, '0')}-${randomUUID()}.json`, Buffer.from(JSON.stringify(writer.changes.toChanges())));
        return open;
      }
      return this.commitChanges(t, writer.changes.toChanges(), branch.head, opts);
    },

    /** Creates a finished commit from `changes` on top of the branch head, rebasing if it moved. */
    async commitChanges(t: BranchTarget, changes: TreeChanges, expectedHead: string | null, opts: CommitOptions = {}): Promise<CommitRecord> {
      let parent = expectedHead;
      for (let attempt = 1; ; attempt++) {
        const base = await manifestOf(parent);
        const tree = await applyOnto(base, changes);
        const id = newCommitId();
        try {
          const commit = await deps.commits.createFinishedCommit(
            {
              id,
              repoId: repoId(t.project, t.repo),
              branchId: branchId(t.project, t.repo, t.branch),
              branch: t.branch,
              parentId: parent,
              origin: opts.origin ?? 'user',
              commitSet: opts.commitSet ?? id,
              description: opts.description ?? '',
              provenance: opts.provenance ?? [],
            },
            { ...tree, manifest: tree.root, fileVersions: await taggedVersions(repoId(t.project, t.repo), base, changes) },
          );
          await events?.commitFinished(commit);
          return commit;
        } catch (err) {
          if (!(err instanceof ConflictError) || attempt >= MAX_REBASES) throw err;
          parent = (await deps.repos.getBranch(t.project, t.repo, t.branch)).head;
          deps.logger.debug({ branch: t.branch, attempt }, 'branch moved during commit; rebasing');
        }
      }
    },

    async finishCommit(commitId: string, opts: { description?: string } = {}): Promise<CommitRecord> {
      const commit = await deps.commits.getCommit(commitId);
      if (commit.state !== 'open') throw new FailedPreconditionError(`commit ${commitId} is ${commit.state}, not open`, { commit: commitId });
      const changes = new ChangeSet();
      const keys: string[] = [];
      for await (const obj of deps.staging.list(stagingPrefix(commitId))) keys.push(obj.key);
      keys.sort();
      for (const key of keys) changes.merge(JSON.parse((await deps.staging.getBuffer(key)).toString('utf8')) as TreeChanges);
      const base = await manifestOf(commit.parentId);
      const all = changes.toChanges();
      const tree = await applyOnto(base, all);
      const finished = await deps.commits.finishCommit(commitId, { ...tree, manifest: tree.root, fileVersions: await taggedVersions(commit.repoId, base, all) });
      await deps.staging.deleteMany(keys);
      if (opts.description) finished.description = opts.description;
      await events?.commitFinished(finished);
      return finished;
    },

    /** Drops an open commit and what was staged into it. */
    async deleteCommit(commitId: string): Promise<void> {
      await deps.commits.dropOpenCommit(commitId);
      const keys: string[] = [];
      for await (const obj of deps.staging.list(stagingPrefix(commitId))) keys.push(obj.key);
      await deps.staging.deleteMany(keys);
    },
  };
}

export type CommitService = ReturnType<typeof createCommitService>;
