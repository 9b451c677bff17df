/**
 * A commit's provenance, subvenance and diff as Relay connections. Provenance and subvenance
 * are read for a whole page of commits in one query each (per-request loaders).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import type { FileDiff } from '../../pfs/files/file-reader.js';
import { normalizePath } from '../../pfs/paths/index.js';
import { projectOfRepoId, readable } from './auth-scopes.js';
import { builder, type Context } from './builder.js';
import { arrayPage } from './connection-page.js';
import { asFileNode } from './file.js';
import { argument, commitInRepoArg, splitRepoId } from './pfs-args.js';
import { CommitConnection, CommitNode, FileNode, type FileNodeShape } from './pfs-nodes.js';
import { requestListLoader } from './request-loader.js';

const provenanceOf = requestListLoader((ids, ctx) => ctx.runtime.pfs.deps.commits.provenanceOf(ids));
const subvenanceOf = requestListLoader((ids, ctx) => ctx.runtime.pfs.deps.commits.subvenanceOf(ids));

const readableCommits = (ctx: Context, commits: CommitRecord[]) => commits.filter((c) => readable(ctx, projectOfRepoId(c.repoId)));

builder.objectFields(CommitNode, (t) => ({
  provenance: t.connection(
    {
      type: CommitNode,
      description: 'The commits this one was computed from (those the request may read), oldest first.',
      resolve: async (c, args, ctx) => arrayPage(args, readableCommits(ctx, await provenanceOf(ctx).load(c.id))),
    },
    CommitConnection,
  ),
  subvenance: t.connection(
    {
      type: CommitNode,
      description: 'The commits computed from this one (those the request may read), oldest first.',
      resolve: async (c, args, ctx) => arrayPage(args, readableCommits(ctx, await subvenanceOf(ctx).load(c.id))),
    },
    CommitConnection,
  ),
}));

interface FileChangeShape {
  change: 'added' | 'removed' | 'changed';
  path: string;
  before: FileNodeShape | null;
  after: FileNodeShape | null;
}

const FileChangeKind = builder.enumType('FileChangeKind', {
  values: { ADDED: { value: 'added' as const }, REMOVED: { value: 'removed' as const }, CHANGED: { value: 'changed' as const } },
});

const FileChange = builder.objectRef<FileChangeShape>('FileChange').implement({
  description: 'A file added, removed or changed by a commit (against its base).',
  fields: (t) => ({
    change: t.field({ type: FileChangeKind, resolve: (f) => f.change }),
    path: t.exposeString('path'),
    before: t.field({ type: FileNode, nullable: true, description: 'The file in the base (null when added).', resolve: (f) => f.before }),
    after: t.field({ type: FileNode, nullable: true, description: 'The file in this commit (null when removed).', resolve: (f) => f.after }),
  }),
});

const FileChangeConnection = builder.connectionObject({ type: FileChange, name: 'FileChangeConnection' }, { name: 'FileChangeEdge' });

/** Added, removed and changed files in one list, in path order. */
function fileChanges(repo: { project: string; repo: string }, diff: FileDiff): FileChangeShape[] {
  const file = (f: FileDiff['added'][number]) => asFileNode(repo, f);
  return [
    ...diff.added.map((f): FileChangeShape => ({ change: 'added', path: f.path, before: null, after: file(f) })),
    ...diff.removed.map((f): FileChangeShape => ({ change: 'removed', path: f.path, before: file(f), after: null })),
    ...diff.changed.map((c): FileChangeShape => ({ change: 'changed', path: c.after.path, before: file(c.before), after: file(c.after) })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

builder.objectField(CommitNode, 'diff', (t) =>
  t.connection(
    {
      type: FileChange,
      description: "The files this commit changed under `path`, against `base` (a commit of the same repo: id, branch or `master^`; default: its parent).",
      args: { path: t.arg.string({ defaultValue: '/' }), base: t.arg.string() },
      resolve: async (c, args, ctx) => {
        const repo = splitRepoId(c.repoId);
        const path = argument('path', () => normalizePath(args.path ?? '/'));
        const base = args.base ? commitInRepoArg('base', args.base, repo) : undefined;
        if (base && (base.project !== repo.project || base.repo !== repo.repo)) {
          throw new InvalidArgumentError(`base: ${args.base} is not a commit of ${c.repoId}; compare other repos with the diff query`, { argument: 'base' });
        }
        const diff = await ctx.runtime.pfs.diffFiles({ ...repo, ref: { commitId: c.id }, path }, base ? { ...base, path } : undefined);
        return arrayPage(args, fileChanges(repo, diff));
      },
    },
    FileChangeConnection,
  ),
);
