/** Branch: a movable name for a line of commits in a repo. */
import { arrayPage } from './connection-page.js';
import { onProject, projectArg, projectOfRepoId } from './auth-scopes.js';
import { builder } from './builder.js';
import { commitInRepoArg } from './pfs-args.js';
import { BranchConnection, BranchNode, CommitNode, RepoNode } from './pfs-nodes.js';

BranchNode.implement({
  description: 'A movable name for a line of commits; its head is the newest finished commit.',
  authScopes: (b) => ({ read: projectOfRepoId(b.repoId) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    repo: t.field({ type: RepoNode, resolve: (b) => b.repoId }),
    head: t.field({ type: CommitNode, nullable: true, description: 'Null until the first commit.', resolve: (b) => b.head }),
    createdAt: t.field({ type: 'DateTime', resolve: (b) => b.createdAt }),
  }),
});

builder.queryFields((t) => ({
  branches: t.connection(
    {
      type: BranchNode,
      description: 'The branches of a repo, by name.',
      args: {
        project: t.arg.string({ defaultValue: 'default' }),
        repo: t.arg.string({ required: true }),
      },
      authScopes: onProject('read', projectArg),
      resolve: async (_root, args, ctx) => arrayPage(args, await ctx.runtime.pfs.listBranches(args.project ?? 'default', args.repo)),
    },
    BranchConnection,
  ),
  branch: t.field({
    type: BranchNode,
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      repo: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
    },
    authScopes: onProject('read', projectArg),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.inspectBranch(args.project ?? 'default', args.repo, args.name),
  }),
}));

builder.mutationFields((t) => ({
  createBranch: t.field({
    type: BranchNode,
    description: 'Creates a branch, or moves an existing one, to `head` (`master^`, a commit id, `images@master`), or to no commit.',
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      repo: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      head: t.arg.string(),
    },
    authScopes: onProject('write', projectArg),
    resolve: (_root, args, ctx) => {
      const project = args.project ?? 'default';
      const head = args.head ? commitInRepoArg('head', args.head, { project, repo: args.repo }) : undefined;
      return ctx.runtime.pfs.createBranch(project, args.repo, args.name, head);
    },
  }),
  deleteBranch: t.field({
    type: BranchNode,
    description: 'Deletes a branch (its commits stay); returns the branch as it was.',
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      repo: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
    },
    authScopes: onProject('write', projectArg),
    resolve: async (_root, args, ctx) => {
      const project = args.project ?? 'default';
      const branch = await ctx.runtime.pfs.inspectBranch(project, args.repo, args.name);
      await ctx.runtime.pfs.deleteBranch(project, args.repo, args.name);
      return branch;
    },
  }),
}));
