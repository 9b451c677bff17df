/** What changed between two commits under a path: the `diff` query. */
import type { FileDiff } from '../../pfs/files/file-reader.js';
import { needs } from './auth-scopes.js';
import { builder } from './builder.js';
import { asFileNode } from './file.js';
import { fileRefArg } from './pfs-args.js';
import { FileNode, type FileNodeShape } from './pfs-nodes.js';

interface FileDiffShape {
  added: FileNodeShape[];
  removed: FileNodeShape[];
  changed: { before: FileNodeShape; after: FileNodeShape }[];
}

const ChangedFile = builder.objectRef<FileDiffShape['changed'][number]>('ChangedFile').implement({
  description: 'A file whose content differs between the two commits.',
  fields: (t) => ({
    before: t.field({ type: FileNode, resolve: (c) => c.before }),
    after: t.field({ type: FileNode, resolve: (c) => c.after }),
  }),
});

const FileDiffType = builder.objectRef<FileDiffShape>('FileDiff').implement({
  description: 'Files added, removed and changed from a base commit to a commit, in path order.',
  fields: (t) => ({
    added: t.field({ type: [FileNode], resolve: (d) => d.added }),
    removed: t.field({ type: [FileNode], resolve: (d) => d.removed }),
    changed: t.field({ type: [ChangedFile], resolve: (d) => d.changed }),
  }),
});

function toShape(repo: { project: string; repo: string }, diff: FileDiff): FileDiffShape {
  return {
    added: diff.added.map((f) => asFileNode(repo, f)),
    removed: diff.removed.map((f) => asFileNode(repo, f)),
    changed: diff.changed.map((c) => ({ before: asFileNode(repo, c.before), after: asFileNode(repo, c.after) })),
  };
}

builder.queryField('diff', (t) =>
  t.field({
    type: FileDiffType,
    description: "Changes under `ref`'s path (`images@master:/dir`) from `base` (default: the commit's parent).",
    args: { ref: t.arg.string({ required: true }), base: t.arg.string() },
    authScopes: needs((args) => [
      ['read', fileRefArg('ref', args.ref).project],
      ...(args.base ? [['read', fileRefArg('base', args.base).project] as ['read', string]] : []),
    ]),
    resolve: async (_root, args, ctx) => {
      const ref = fileRefArg('ref', args.ref);
      const base = args.base ? fileRefArg('base', args.base) : undefined;
      return toShape(ref, await ctx.runtime.pfs.diffFiles(ref, base));
    },
  }),
);
