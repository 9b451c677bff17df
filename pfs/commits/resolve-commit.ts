/**
 * Turns a pachctl-style commit reference (`images@master^2`, `images@<id>`, `images@master.1`)
 * into the finished commit it names.
 */
import { FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import type { CommitGraph, CommitRecord, RepoGraph } from '../../graph-schema/pfs/index.js';
import { repoId } from '../../graph-schema/pfs/index.js';
import type { CommitRef } from '../refs/index.js';
import { formatCommitRef } from '../refs/index.js';

const MAX_LINEAGE = 100_000;

export async function resolveCommit(deps: { repos: RepoGraph; commits: CommitGraph }, ref: CommitRef): Promise<CommitRecord> {
  const { project, repo } = ref;
  const base = await baseCommit(deps, ref);
  const ancestry = ref.ref.ancestry;
  if (!ancestry) return base;
  if (ancestry.kind === 'parent') return deps.commits.ancestor(base.id, ancestry.n);
  const lineage = await deps.commits.history(base.id, { limit: MAX_LINEAGE, finishedOnly: true });
  const nth = lineage[lineage.length - ancestry.n];
  if (!nth) throw new NotFoundError(`${formatCommitRef(ref)}: ${project}/${repo} has only ${lineage.length} commits on that lineage`, { ref: formatCommitRef(ref) });
  return nth;
}

async function baseCommit(deps: { repos: RepoGraph; commits: CommitGraph }, ref: CommitRef): Promise<CommitRecord> {
  const { project, repo } = ref;
  if (ref.ref.commitId) {
    const commit = await deps.commits.findCommit(ref.ref.commitId);
    if (!commit || commit.repoId !== repoId(project, repo)) throw new NotFoundError(`commit ${ref.ref.commitId} does not exist in repo ${project}/${repo}`, { commit: ref.ref.commitId });
    if (commit.state !== 'finished') throw new FailedPreconditionError(`commit ${commit.id} is ${commit.state}; only finished commits can be read`, { commit: commit.id });
    return commit;
  }
  const branchName = ref.ref.branch ?? 'master';
  const branch = await deps.repos.getBranch(project, repo, branchName);
  if (!branch.head) throw new NotFoundError(`branch ${branchName} of ${project}/${repo} has no commits yet`, { repo, branch: branchName });
  return deps.commits.getCommit(branch.head);
}
