/** File: a file or directory of a commit, with the mutations that change files. */
import { NotFoundError } from '../../core/errors.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import { normalizePath } from '../../pfs/paths/index.js';
import type { FileRef } from '../../pfs/refs/index.js';
import { formatFileRef } from '../../pfs/refs/index.js';
import { needs, onProject } from './auth-scopes.js';
import { builder } from './builder.js';
import { arrayPage } from './connection-page.js';
import { argument, branchFileArg, fileRefArg, splitRepoId } from './pfs-args.js';
import { CommitNode, FileConnection, FileNode, fileKey, type FileNodeShape } from './pfs-nodes.js';

const FileType = builder.enumType('FileType', {
  values: { FILE: { value: 'file' as const }, DIR: { value: 'dir' as const } },
});

FileNode.implement({
  description: "A file or directory of a finished commit. A directory's size and fileCount sum what is under it.",
  authScopes: (f) => ({ read: f.project }),
  fields: (t) => ({
    path: t.exposeString('path'),
    ref: t.string({ description: 'The file pinned to its commit: `images@<commit id>:/a.png`.', resolve: (f) => fileKey(f) }),
    type: t.field({ type: FileType, resolve: (f) => f.type }),
    size: t.float({ description: 'Bytes (a Float: sizes pass 2^31).', resolve: (f) => f.size }),
    hash: t.exposeString('hash', { nullable: true, description: 'sha256 of the content; null for a directory.' }),
    fileCount: t.exposeInt('fileCount'),
    subjects: t.stringList({ description: "The data subjects of a record file's records.", resolve: (f) => f.subjects ?? [] }),
    commit: t.field({ type: CommitNode, resolve: (f) => f.commitId }),
  }),
});

/** FileInfo of `ref`'s repo as a File node. */
export function asFileNode(ref: { project: string; repo: string }, info: Omit<FileNodeShape, 'project' | 'repo'>): FileNodeShape {
  return { ...info, project: ref.project, repo: ref.repo };
}

async function listFiles(pfs: Pfs, ref: FileRef): Promise<FileNodeShape[]> {
  return (await pfs.listFiles(ref)).map((f) => asFileNode(ref, f));
}

builder.objectField(CommitNode, 'files', (t) =>
  t.connection(
    {
      type: FileNode,
      description: 'The direct children of a directory of this commit (the root by default).',
      args: { path: t.arg.string({ defaultValue: '/' }) },
      resolve: async (c, args, ctx) => {
        const { project, repo } = splitRepoId(c.repoId);
        const path = argument('path', () => normalizePath(args.path ?? '/'));
        const ref: FileRef = { project, repo, ref: { commitId: c.id }, path };
        // The commit is in hand: a finished one is listed without reading it from the graph again.
        const files = c.state === 'finished' ? (await ctx.runtime.pfs.listFilesOf(c, ref)).map((f) => asFileNode(ref, f)) : await listFiles(ctx.runtime.pfs, ref);
        return arrayPage(args, files);
      },
    },
    FileConnection,
  ),
);

builder.queryFields((t) => ({
  files: t.connection(
    {
      type: FileNode,
      description: 'The direct children of a directory (`images@master:/dir`), or the file itself; directories are summed.',
      args: { ref: t.arg.string({ required: true }) },
      authScopes: onProject('read', (args) => fileRefArg('ref', args.ref).project),
      resolve: async (_root, args, ctx) => arrayPage(args, await listFiles(ctx.runtime.pfs, fileRefArg('ref', args.ref))),
    },
    FileConnection,
  ),
  file: t.field({
    type: FileNode,
    description: 'One file or directory (`images@master:/a.png`).',
    args: { ref: t.arg.string({ required: true }) },
    authScopes: onProject('read', (args) => fileRefArg('ref', args.ref).project),
    resolve: async (_root, args, ctx) => {
      const ref = fileRefArg('ref', args.ref);
      return asFileNode(ref, await ctx.runtime.pfs.inspectFile(ref));
    },
  }),
  glob: t.connection(
    {
      type: FileNode,
      description: 'Files and directories matching a glob pattern (`/*/*.csv`), as a pipeline input would see them; a path in `ref` prefixes the pattern.',
      args: { ref: t.arg.string({ required: true }), pattern: t.arg.string({ required: true }) },
      authScopes: onProject('read', (args) => fileRefArg('ref', args.ref).project),
      resolve: async (_root, args, ctx) => {
        const ref = fileRefArg('ref', args.ref);
        const pattern = ref.path === '/' ? args.pattern : `${ref.path}/${args.pattern.replace(/^\/+/, '')}`;
        const matches = await argument('pattern', () => ctx.runtime.pfs.globFiles(ref, pattern));
        return arrayPage(args, matches.map((f) => asFileNode(ref, f)));
      },
    },
    FileConnection,
  ),
}));

builder.mutationFields((t) => ({
  deleteFile: t.field({
    type: CommitNode,
    description: 'Deletes a file (or, with recursive, a directory) from a branch (`images@master:/a.png`), in a new commit or the open one.',
    args: { ref: t.arg.string({ required: true }), recursive: t.arg.boolean({ defaultValue: false }) },
    authScopes: onProject('write', (args) => branchFileArg('ref', args.ref).target.project),
    resolve: (_root, args, ctx) => {
      const { target, path } = branchFileArg('ref', args.ref);
      return ctx.runtime.pfs.write(target, async (w) => {
        if (!args.recursive && !(await w.lookup(path))) {
          throw new NotFoundError(`${args.ref}: no such file; to delete a directory pass recursive: true`, { path });
        }
        await w.deleteFile(path, { recursive: args.recursive ?? false });
      });
    },
  }),
  copyFile: t.field({
    type: CommitNode,
    description: 'Copies a file or directory (`images@master^:/a`) to a branch (`backup@master:/b`) without copying bytes.',
    args: { src: t.arg.string({ required: true }), dst: t.arg.string({ required: true }) },
    authScopes: needs((args) => [
      ['read', fileRefArg('src', args.src).project],
      ['write', branchFileArg('dst', args.dst).target.project],
    ]),
    resolve: (_root, args, ctx) => {
      const src = fileRefArg('src', args.src);
      const { target, path } = branchFileArg('dst', args.dst);
      return ctx.runtime.pfs.copyFile(src, { ...target, path }, { description: `copy ${formatFileRef(src)} to ${args.dst}` });
    },
  }),
}));
