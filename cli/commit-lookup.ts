/**
 * Finding commits through the API's GraphQL queries: by id or reference (`images@master^2`,
 * `images@master.1`), a branch's commits, and a branch's open commit for
 * `finish commit repo@branch`.
 */
import { FailedPreconditionError, InvalidArgumentError } from '../core/errors.js';
import { formatCommitRef, type CommitRef } from '../pfs/refs/index.js';
import type { ApiClient } from './api-client.js';
import { collectPages, connectionOf, type Connection } from './connection.js';
import { COMMIT_FIELDS, commitView, type CommitNode, type CommitView } from './pfs-views.js';

const ONE = `query Commit($id: String!) { commit(id: $id) { ${COMMIT_FIELDS} } }`;
const OF_BRANCH = `query Commits($project: String, $repo: String!, $branch: String, $first: Int, $after: String, $all: Boolean) {
  commits(project: $project, repo: $repo, branch: $branch, first: $first, after: $after, all: $all) { ${connectionOf(COMMIT_FIELDS)} }
}`;

export interface ListCommitsOptions {
  limit?: number;
  all?: boolean;
}

/** The commits of a branch, newest first (with `all`, the open one and failed ones too). */
export async function listBranchCommits(api: ApiClient, ref: CommitRef, branch: string, opts: ListCommitsOptions = {}): Promise<CommitView[]> {
  const nodes = await collectPages(async (after, first) => {
    const vars = { project: ref.project, repo: ref.repo, branch, first, after, all: Boolean(opts.all) };
    return (await api.graphql<{ commits: Connection<CommitNode> }>(OF_BRANCH, vars)).commits;
  }, opts.limit ?? Infinity);
  return nodes.map(commitView);
}

/** The commit a reference names: `<id>`, `master`, `master^2`, `master.1`, `<id>^`. */
export async function resolveCommitRef(api: ApiClient, ref: CommitRef): Promise<CommitView> {
  const id = ref.ref.commitId !== undefined && ref.ref.ancestry === undefined ? ref.ref.commitId : formatCommitRef(ref);
  return commitView((await api.graphql<{ commit: CommitNode }>(ONE, { id })).commit);
}

/**
 * The commit `finish commit` and `delete commit` act on: the id when one is given, else the
 * branch's open commit.
 */
export async function openCommitOf(api: ApiClient, ref: CommitRef, verb: string): Promise<string> {
  const { branch, commitId, ancestry } = ref.ref;
  if (commitId !== undefined && ancestry === undefined) return commitId;
  if (branch === undefined || ancestry !== undefined) {
    throw new InvalidArgumentError(`${verb} takes repo@<commit id> or repo@<branch>, not ${JSON.stringify(formatCommitRef(ref))}`);
  }
  const [newest] = await listBranchCommits(api, ref, branch, { limit: 1, all: true });
  if (newest?.state !== 'open') {
    throw new FailedPreconditionError(`${formatCommitRef(ref)} has no open commit: start one with \`stemma start commit ${formatCommitRef(ref)}\``);
  }
  return newest.id;
}
