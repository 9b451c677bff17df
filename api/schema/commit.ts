/** Commit: one finished (or open) state of a repo's files. */
import { ForbiddenError, InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import { isCommitId, parseCommitRef } from '../../pfs/refs/index.js';
import { refusalMessage } from '../auth/policy.js';
import { needs, onProject, projectArg, projectOfRepoId, readable } from './auth-scopes.js';
import { builder, type Context } from './builder.js';
import { arrayPage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from './connection-page.js';
import { argument } from './pfs-args.js';
import { CommitConnection, CommitNode, RepoNode } from './pfs-nodes.js';

const CommitOrigin = builder.enumType('CommitOrigin', {
  values: {
    USER: { value: 'user' as const, description: 'Put by a person (CLI, API).' },
    PIPELINE: { value: 'pipeline' as const, description: 'Output of a pipeline job.' },
    ERASURE: { value: 'erasure' as const, description: "Written by an erasure, removing a subject's records." },
  },
});

const CommitState = builder.enumType('CommitState', {
  values: {
    OPEN: { value: 'open' as const, description: 'Started; writes are staged into it until it is finished.' },
    FINISHING: { value: 'finishing' as const },
    FINISHED: { value: 'finished' as const, description: 'Visible to readers.' },
    FAILED: { value: 'failed' as const },
  },
});

CommitNode.implement({
  description: 'A state of a repo. Its id is the commit id (32 hex), which is also its global node id.',
  authScopes: (c) => ({ read: projectOfRepoId(c.repoId) }),
  fields: (t) => ({
    repo: t.field({ type: RepoNode, resolve: (c) => c.repoId }),
    branch: t.exposeString('branch', { nullable: true, description: 'The branch it was made on.' }),
    parent: t.field({ type: CommitNode, nullable: true, resolve: (c) => c.parentId }),
    origin: t.field({ type: CommitOrigin, resolve: (c) => c.origin }),
    state: t.field({ type: CommitState, resolve: (c) => c.state }),
    commitSet: t.exposeString('commitSet', { description: 'Shared by this commit and every commit computed from the same change.' }),
    description: t.exposeString('description'),
    error: t.exposeString('error', { nullable: true }),
    fileCount: t.exposeInt('fileCount'),
    sizeBytes: t.float({ description: 'Bytes of all its files (a Float: sizes pass 2^31).', resolve: (c) => c.sizeBytes }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.finishedAt }),
    // provenance, subvenance and diff: commit-links.ts
  }),
});

/** A commit id argument (32 lowercase hex). */
export function commitIdArg(name: string, value: string): string {
  return argument(name, () => {
    if (!isCommitId(value)) throw new InvalidArgumentError(`${JSON.stringify(value.slice(0, 100))} is not a commit id (32 lowercase hexadecimal characters)`);
    return value;
  });
}

const readableCommits = (ctx: Context, commits: CommitRecord[]) => commits.filter((c) => readable(ctx, projectOfRepoId(c.repoId)));

/** The project of the commit an id names, for the scopes of the mutations that take one. */
async function projectOfCommit(pfs: Pfs, id: string): Promise<string> {
  return projectOfRepoId((await pfs.inspectCommit(commitIdArg('id', id))).repoId);
}

/** A commit by id (any state) or by reference such as `images@master^` (finished only). */
async function findCommit(pfs: Pfs, value: string): Promise<CommitRecord> {
  if (isCommitId(value)) return pfs.inspectCommit(value);
  return pfs.resolveCommit(argument('id', () => parseCommitRef(value)));
}

interface CommitListArgs extends ConnectionArgs {
  project: string;
  repo: string;
  branch: string;
  all: boolean;
}

/** A page of a branch's commits, newest first; the cursor is a commit id, so pages stay put as commits arrive. */
async function commitPage(pfs: Pfs, args: CommitListArgs) {
  if (args.last != null || args.before != null) throw new InvalidArgumentError('commits are paged from the newest back: use first and after, not last or before');
  const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  const limit = first + 1;
  let list: CommitRecord[];
  if (args.after) {
    const after = await pfs.inspectCommit(commitIdArg('after', args.after));
    if (after.repoId !== `${args.project}/${args.repo}`) throw new InvalidArgumentError(`after: commit ${after.id} is not in repo ${args.project}/${args.repo}`);
    list = after.parentId ? await pfs.listCommits({ project: args.project, repo: args.repo, ref: { commitId: after.parentId } }, { limit, all: args.all }) : [];
  } else {
    list = await branchCommits(pfs, args, limit);
  }
  const page = list.slice(0, first);
  return {
    edges: page.map((c) => ({ cursor: c.id, node: c })),
    pageInfo: { hasNextPage: list.length > first, hasPreviousPage: Boolean(args.after), startCursor: page[0]?.id ?? null, endCursor: page.at(-1)?.id ?? null },
  };
}

/** A repo that has never been written to has no master yet: its list is empty, not an error. */
async function branchCommits(pfs: Pfs, args: CommitListArgs, limit: number): Promise<CommitRecord[]> {
  try {
    return await pfs.listCommits({ project: args.project, repo: args.repo, ref: { branch: args.branch } }, { limit, all: args.all });
  } catch (err) {
    if (!(err instanceof NotFoundError) || args.branch !== 'master' || !('branch' in err.details)) throw err;
    return [];
  }
}

builder.queryFields((t) => ({
  commits: t.connection(
    {
      type: CommitNode,
      description: 'The commits of a branch, newest first; with `all`, open and failed ones too.',
      args: {
        repo: t.arg.string({ required: true }),
        project: t.arg.string({ defaultValue: 'default' }),
        branch: t.arg.string({ defaultValue: 'master' }),
        all: t.arg.boolean({ defaultValue: false }),
      },
      authScopes: onProject('read', projectArg),
      resolve: (_root, args, ctx) =>
        commitPage(ctx.runtime.pfs, { ...args, project: args.project ?? 'default', branch: args.branch ?? 'master', all: args.all ?? false }),
    },
    CommitConnection,
  ),
  commit: t.field({
    type: CommitNode,
    description: 'A commit by id, or by reference (`images@master^`, `research/images@master.1`).',
    args: { id: t.arg.string({ required: true }) },
    // A commit found by id is checked by the Commit type's own scope.
    authScopes: needs((args) => (isCommitId(args.id) ? [] : [['read', argument('id', () => parseCommitRef(args.id)).project]])),
    resolve: (_root, args, ctx) => findCommit(ctx.runtime.pfs, args.id),
  }),
  commitSet: t.connection(
    {
      type: CommitNode,
      description: 'Every commit of a commit set: a change and everything computed from it, oldest first.',
      args: { id: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const commits = await ctx.runtime.pfs.deps.commits.commitSet(commitIdArg('id', args.id));
        if (commits.length === 0) throw new NotFoundError(`commit set ${args.id} does not exist`, { commitSet: args.id });
        const visible = readableCommits(ctx, commits);
        const first = commits[0] as CommitRecord;
        if (visible.length === 0) throw new ForbiddenError(refusalMessage(ctx.actor, 'read', projectOfRepoId(first.repoId)), { action: 'read' });
        return arrayPage(args, visible);
      },
    },
    CommitConnection,
  ),
}));

builder.mutationFields((t) => ({
  startCommit: t.field({
    type: CommitNode,
    description: 'Opens a commit on a branch: writes to the branch are staged into it until finishCommit.',
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      repo: t.arg.string({ required: true }),
      branch: t.arg.string({ defaultValue: 'master' }),
      description: t.arg.string(),
    },
    authScopes: onProject('write', projectArg),
    resolve: (_root, args, ctx) =>
      ctx.runtime.pfs.startCommit({ project: args.project ?? 'default', repo: args.repo, branch: args.branch ?? 'master' }, { description: args.description ?? '' }),
  }),
  finishCommit: t.field({
    type: CommitNode,
    description: 'Finishes an open commit: its staged writes become visible and the branch head moves to it.',
    args: { id: t.arg.string({ required: true }) },
    authScopes: onProject('write', (args, ctx) => projectOfCommit(ctx.runtime.pfs, args.id)),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.finishCommit(commitIdArg('id', args.id)),
  }),
  deleteCommit: t.field({
    type: CommitNode,
    description: 'Drops an open commit and what was staged into it; returns the commit as it was.',
    args: { id: t.arg.string({ required: true }) },
    authScopes: onProject('write', (args, ctx) => projectOfCommit(ctx.runtime.pfs, args.id)),
    resolve: async (_root, args, ctx) => {
      const commit = await ctx.runtime.pfs.inspectCommit(commitIdArg('id', args.id));
      await ctx.runtime.pfs.deleteCommit(commit.id);
      return commit;
    },
  }),
}));
