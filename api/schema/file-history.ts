/** The commits that changed a path: the `fileHistory` query. */
import type { PathChange } from '../../pfs/files/file-reader.js';
import { onProject } from './auth-scopes.js';
import { builder } from './builder.js';
import { offsetPage } from './connection-page.js';
import { fileRefArg } from './pfs-args.js';
import { CommitNode } from './pfs-nodes.js';

const PathChangeKind = builder.enumType('PathChangeKind', {
  values: { ADDED: { value: 'added' as const }, MODIFIED: { value: 'modified' as const }, DELETED: { value: 'deleted' as const } },
});

const PathChangeType = builder.objectRef<PathChange>('PathChange').implement({
  description: 'A commit that changed a path, and the content the path had after it.',
  fields: (t) => ({
    commit: t.field({ type: CommitNode, resolve: (c) => c.commit }),
    change: t.field({ type: PathChangeKind, resolve: (c) => c.change }),
    hash: t.exposeString('hash', { nullable: true, description: 'Null once deleted.' }),
    size: t.float({ resolve: (c) => c.size }),
  }),
});

const PathChangeConnection = builder.connectionObject({ type: PathChangeType, name: 'PathChangeConnection' }, { name: 'PathChangeEdge' });

builder.queryField('fileHistory', (t) =>
  t.connection(
    {
      type: PathChangeType,
      description: "The commits that changed a path, newest first, walking back from the ref's commit (`images@master:/a.csv`).",
      args: { ref: t.arg.string({ required: true }) },
      authScopes: onProject('read', (args) => fileRefArg('ref', args.ref).project),
      resolve: (_root, args, ctx) => {
        const ref = fileRefArg('ref', args.ref);
        return offsetPage(args, async ({ offset, limit }) => (await ctx.runtime.pfs.fileHistory(ref, offset + limit)).slice(offset));
      },
    },
    PathChangeConnection,
  ),
);
