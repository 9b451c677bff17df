/** Repo: a versioned set of files with branches and commits. */
import { arrayPage } from './connection-page.js';
import { needs, onProject, projectArg, readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { BranchConnection, BranchNode, ProjectNode, RepoConnection, RepoNode } from './pfs-nodes.js';

const RepoKind = builder.enumType('RepoKind', {
  description: 'Who puts data in a repo.',
  values: {
    USER: { value: 'user' as const, description: 'Data put by people.' },
    PIPELINE: { value: 'pipeline' as const, description: "A pipeline's output repo." },
  },
});

interface DeletedRepo {
  commits: number;
  brokenPipelines: string[];
}

const DeleteRepoResult = builder.objectRef<DeletedRepo>('DeleteRepoResult').implement({
  description: 'What deleting a repo removed, and the pipelines it left without input (with force).',
  fields: (t) => ({
    deleted: t.boolean({ resolve: () => true }),
    commits: t.exposeInt('commits'),
    brokenPipelines: t.exposeStringList('brokenPipelines'),
  }),
});

RepoNode.implement({
  description: 'A versioned set of files, with branches and commits.',
  authScopes: (r) => ({ read: r.project }),
  fields: (t) => ({
    project: t.field({ type: ProjectNode, resolve: (r) => r.project }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    kind: t.field({ type: RepoKind, resolve: (r) => r.kind }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    branchCount: t.exposeInt('branchCount'),
    sizeBytes: t.float({ description: 'Bytes of the newest finished commit on master (a Float: sizes pass 2^31).', resolve: (r) => r.sizeBytes }),
    branches: t.connection(
      {
        type: BranchNode,
        resolve: async (r, args, ctx) => arrayPage(args, await ctx.runtime.pfs.listBranches(r.project, r.name)),
      },
      BranchConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  repos: t.connection(
    {
      type: RepoNode,
      description: 'The repos of a project, or of every project the request may read when none is named.',
      args: { project: t.arg.string() },
      authScopes: needs((args) => (args.project ? [['read', args.project]] : [])),
      resolve: async (_root, args, ctx) =>
        arrayPage(args, (await ctx.runtime.pfs.listRepos(args.project ?? undefined)).filter((r) => readable(ctx, r.project))),
    },
    RepoConnection,
  ),
  repo: t.field({
    type: RepoNode,
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      name: t.arg.string({ required: true }),
    },
    authScopes: onProject('read', projectArg),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.inspectRepo(args.project ?? 'default', args.name),
  }),
}));

builder.mutationFields((t) => ({
  createRepo: t.field({
    type: RepoNode,
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      name: t.arg.string({ required: true }),
      description: t.arg.string(),
    },
    authScopes: onProject('write', projectArg),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.createRepo(args.project ?? 'default', args.name, { description: args.description ?? '' }),
  }),
  deleteRepo: t.field({
    type: DeleteRepoResult,
    description: 'Deletes a repo with its branches and commits; refused while pipelines read it, unless force. Needs the admin role on its project: its history goes with it.',
    args: {
      project: t.arg.string({ defaultValue: 'default' }),
      name: t.arg.string({ required: true }),
      force: t.arg.boolean({ defaultValue: false }),
    },
    authScopes: onProject('admin', projectArg),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.deleteRepo(args.project ?? 'default', args.name, { force: args.force ?? false }),
  }),
}));
