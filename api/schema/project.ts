/** Project: a namespace of repos and pipelines. */
import { arrayPage } from './connection-page.js';
import { onProject, readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { ProjectConnection, ProjectNode, RepoConnection, RepoNode } from './pfs-nodes.js';

ProjectNode.implement({
  description: 'A namespace of repos and pipelines; `default` unless named.',
  authScopes: (p) => ({ read: p.name }),
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.createdAt }),
    repos: t.connection(
      {
        type: RepoNode,
        description: 'The repos of the project, by name.',
        resolve: async (p, args, ctx) => arrayPage(args, await ctx.runtime.pfs.listRepos(p.name)),
      },
      RepoConnection,
    ),
  }),
});

builder.queryField('projects', (t) =>
  t.connection(
    {
      type: ProjectNode,
      description: 'Every project the request may read, by name.',
      resolve: async (_root, args, ctx) => arrayPage(args, (await ctx.runtime.pfs.listProjects()).filter((p) => readable(ctx, p.name))),
    },
    ProjectConnection,
  ),
);

builder.mutationField('createProject', (t) =>
  t.field({
    type: ProjectNode,
    description: 'Creates a project; an existing one is returned as it is. Needs the admin role on it (or on every project).',
    args: {
      name: t.arg.string({ required: true }),
      description: t.arg.string(),
    },
    authScopes: onProject('admin', (args) => args.name),
    resolve: (_root, args, ctx) => ctx.runtime.pfs.createProject(args.name, args.description ?? ''),
  }),
);
